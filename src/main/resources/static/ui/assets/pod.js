// The pod page: its status pushed by the server (server-sent events) as the pod comes up; where a
// stream cannot be had (too many open, an old browser), polled instead. Copies a credential to the
// clipboard. No framework, no build step.
(function () {
  const status = document.getElementById("status");
  const settled = ["AVAILABLE", "STOPPED", "SLEEPING", "ERROR", "COMPLETE", "DELETING"];
  function show(s) {
    if (s.status !== status.textContent) {
      status.textContent = s.status;
      status.className = "status status-" + s.status.toLowerCase();
    }
    document.getElementById("requested").textContent = s.requested;
  }
  function poll() {
    fetch(status.dataset.poll, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((s) => {
        if (!s) return;
        show(s);
        if (!settled.includes(s.status) || s.requested === "RESTART") setTimeout(poll, 1500);
        else setTimeout(poll, 5000);
      })
      .catch(() => setTimeout(poll, 5000));
  }
  function stream() {
    const events = new EventSource(status.dataset.stream);
    events.addEventListener("status", (e) => show(JSON.parse(e.data)));
    events.addEventListener("gone", () => events.close());
    events.onerror = () => {
      // CLOSED: refused (429) or not a stream at all; otherwise the browser reconnects by itself
      if (events.readyState === EventSource.CLOSED) setTimeout(poll, 1000);
    };
  }
  if (status && status.dataset.stream && window.EventSource) stream();
  else if (status && status.dataset.poll) setTimeout(poll, 1000);
  document.querySelectorAll("button.copy").forEach((b) =>
    b.addEventListener("click", () => {
      const text = document.getElementById(b.dataset.copy).textContent;
      navigator.clipboard.writeText(text).then(() => (b.textContent = "Copied"));
    }));
})();
