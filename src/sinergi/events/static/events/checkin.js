// Staff check-in: typed codes (or a USB scanner typing them) always work; the camera scans QR codes
// with BarcodeDetector where the browser has it, with the vendored jsQR elsewhere. Every scan gets a
// client UUID and goes into a queue in localStorage first, then is POSTed in a batch; a scan synced
// twice is answered "already checked in" by the server, never counted twice. When the
// connection drops, scans wait in the queue and are sent when it comes back.
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) { return; }
  var syncUrl = root.getAttribute("data-sync-url");
  var key = "sinergi-checkin-queue:" + root.getAttribute("data-event");
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("checkin-code");
  var result = document.getElementById("checkin-result");
  var log = document.getElementById("checkin-log");
  var pending = document.getElementById("checkin-pending");
  var connection = document.getElementById("checkin-connection");
  var syncing = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function load() { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function save(queue) { localStorage.setItem(key, JSON.stringify(queue)); pending.textContent = String(queue.length); }
  function show(text, kind) {
    result.innerHTML = "";
    var p = document.createElement("p");
    p.className = "message " + (kind || "info");
    p.textContent = text;
    result.appendChild(p);
    var li = document.createElement("li");
    li.textContent = new Date().toLocaleTimeString() + " · " + text;
    log.insertBefore(li, log.firstChild);
  }
  function setConnection() {
    connection.textContent = navigator.onLine ? root.getAttribute("data-msg-online") : root.getAttribute("data-msg-offline");
  }

  function sync() {
    var queue = load();
    if (syncing || !queue.length) { return Promise.resolve(); }
    syncing = true;
    var batch = queue.slice(0, 100);
    return fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ scans: batch })
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      var done = {};
      data.results.forEach(function (r) {
        done[r.client_uuid] = true;
        var kind = r.outcome === "ok" ? "success" : (r.outcome === "already" ? "warning" : "error");
        show((r.name ? r.name + ": " : "") + r.message, kind);
      });
      save(load().filter(function (s) { return !done[s.client_uuid]; }));
      if (data.results.some(function (r) { return r.outcome === "ok"; })) {
        // The attendance counters refresh now (hx-trigger "checkin-changed from:body"), as after a check-in by name.
        document.body.dispatchEvent(new CustomEvent("checkin-changed"));
      }
    }).catch(function () {
      show(root.getAttribute("data-msg-queued"), "warning");
    }).then(function () {
      syncing = false;
      setConnection();
      if (load().length && navigator.onLine) { window.setTimeout(sync, 3000); }
    });
  }

  function enqueue(code) {
    code = (code || "").trim();
    if (!code) { return; }
    var queue = load();
    queue.push({ code: code, client_uuid: uuid(), scanned_at: new Date().toISOString() });
    save(queue);
    if (navigator.onLine) { sync(); } else { show(code + " · " + root.getAttribute("data-msg-queued"), "warning"); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    enqueue(input.value);
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", function () { setConnection(); sync(); });
  window.addEventListener("offline", setConnection);
  window.setInterval(function () { if (navigator.onLine) { sync(); } }, 15000);
  save(load());
  setConnection();
  sync();

  // Camera scanning. The browser's own BarcodeDetector where it has one (Chrome on Android, macOS,
  // ChromeOS); elsewhere (iOS Safari, Firefox, Chrome on Windows/Linux) the vendored jsQR decoder,
  // loaded only then, reads downscaled video frames drawn on a canvas a few times a second. Either way
  // a decoded code goes through enqueue(), exactly like a typed one. "?decoder=js" forces jsQR (tests).
  var camera = document.getElementById("checkin-camera");
  var video = document.getElementById("checkin-video");
  var startButton = document.getElementById("checkin-camera-start");
  var stopButton = document.getElementById("checkin-camera-stop");
  var cameraStatus = document.getElementById("checkin-camera-status");
  var FRAME_MS = 200;       // a decode attempt every 200 ms: enough at a door, easy on a phone battery
  var MAX_SIDE = 640;       // frames are downscaled to at most 640 px on their longer side
  var REPEAT_MS = 5000;     // the same code seen again within 5 s is the same ticket held in view
  var stream = null;
  var run = 0;              // bumped on every start and stop, so an old loop ends by itself
  var last = "";
  var lastAt = 0;
  var jsqrLoading = null;
  var forceJs = /(?:^|[?&])decoder=js(?:&|$)/.test(window.location.search.slice(1));
  var native = !forceJs && "BarcodeDetector" in window;

  function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }
  function setStatus(text) { cameraStatus.textContent = text; }

  function found(text) {
    var now = Date.now();
    if (!text || (text === last && now - lastAt < REPEAT_MS)) { return; }
    last = text; lastAt = now;
    if (navigator.vibrate) { navigator.vibrate(80); }
    enqueue(text);
  }

  function loadJsqr() {
    if (window.jsQR) { return Promise.resolve(window.jsQR); }
    if (!jsqrLoading) {
      jsqrLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root.getAttribute("data-jsqr-src");
        script.onload = function () { if (window.jsQR) { resolve(window.jsQR); } else { reject(new Error("jsQR")); } };
        script.onerror = function () { jsqrLoading = null; reject(new Error("jsQR")); };
        document.head.appendChild(script);
      });
    }
    return jsqrLoading;
  }

  function nativeDetector() {
    // Some builds expose BarcodeDetector without a QR decoder behind it: then jsQR does the work.
    if (!native) { return Promise.resolve(null); }
    return Promise.resolve().then(function () {
      var BD = window.BarcodeDetector;
      return BD.getSupportedFormats ? BD.getSupportedFormats() : ["qr_code"];
    }).then(function (list) {
      return list.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    }).catch(function () { return null; });
  }

  function makeDecoder() {
    return nativeDetector().then(function (detector) {
      if (detector) {
        return function () {
          return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
        };
      }
      native = false;
      return jsqrDecoder();
    });
  }

  function jsqrDecoder() {
    return loadJsqr().then(function (jsQR) {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        var w = video.videoWidth, h = video.videoHeight;
        if (!w || !h) { return Promise.resolve(""); }
        var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
        w = Math.round(w * scale); h = Math.round(h * scale);
        if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
        context.drawImage(video, 0, 0, w, h);
        var code = jsQR(context.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
        return Promise.resolve(code ? code.data : "");
      };
    });
  }

  function stopCamera() {
    run += 1;
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
    startButton.disabled = false;
  }

  function cameraFailed(error) {
    stopCamera();
    var name = error && error.name;
    var text;
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
      text = msg("camera-denied");
    } else if (name === "InsecureContext") {
      text = msg("camera-insecure");
    } else if (error && error.message === "jsQR") {
      text = msg("camera-decoder");
    } else {
      text = msg("camera-unavailable");
    }
    setStatus(text);
    show(text, "error");
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      // Browsers offer the camera only to secure pages (https://, or localhost).
      cameraFailed(window.isSecureContext === false ? { name: "InsecureContext" } : null);
      return;
    }
    stopCamera();
    var mine = run;
    startButton.disabled = true;
    setStatus(msg("camera-starting"));
    var decoding = makeDecoder();
    navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: "environment" } } }).then(function (media) {
      if (mine !== run) { media.getTracks().forEach(function (track) { track.stop(); }); return null; }
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      startButton.hidden = true;
      stopButton.hidden = false;
      return Promise.all([decoding, video.play()]).then(function (values) {
        if (mine !== run) { return; }
        var decode = values[0];
        setStatus(msg("camera-aim"));
        var tick = function () {
          if (mine !== run) { return; }
          decode().then(found, function () {}).then(function () {
            if (mine === run) { window.setTimeout(tick, FRAME_MS); }
          });
        };
        tick();
      });
    }).catch(function (error) {
      if (mine === run) { cameraFailed(error); }
    });
  }

  camera.hidden = false;
  startButton.addEventListener("click", startCamera);
  stopButton.addEventListener("click", function () { stopCamera(); setStatus(msg("camera-stopped")); });
  // The camera is never left on behind the staff's back: leaving the page or switching apps stops it.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && stream) { stopCamera(); setStatus(msg("camera-stopped")); }
  });
  window.addEventListener("pagehide", stopCamera);
}());
