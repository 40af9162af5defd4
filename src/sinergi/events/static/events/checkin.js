// Staff check-in: typed codes always work; the camera scans QR codes where the browser offers
// BarcodeDetector. Every scan gets a client UUID and goes into a queue in localStorage first, then is
// POSTed in a batch; a scan synced twice is answered "already checked in" by the server, never counted
// twice. When the connection drops, scans wait in the queue and are sent when it comes back.
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

  // Camera scanning, only where the browser can decode QR codes itself (no external library).
  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var camera = document.getElementById("checkin-camera");
    var video = document.getElementById("checkin-video");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var last = "";
    var lastAt = 0;
    camera.hidden = false;
    document.getElementById("checkin-camera-start").addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.play();
        var tick = function () {
          detector.detect(video).then(function (codes) {
            var now = Date.now();
            if (codes.length && (codes[0].rawValue !== last || now - lastAt > 5000)) {
              last = codes[0].rawValue; lastAt = now;
              enqueue(last);
            }
          }).catch(function () {}).then(function () { window.setTimeout(tick, 300); });
        };
        tick();
      }).catch(function () { show("Kamera tidak tersedia; ketik kodenya.", "error"); });
    });
  }
}());
