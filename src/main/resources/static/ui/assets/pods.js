// The pod list: each pod's status pushed by the server (server-sent events); polled where a stream
// cannot be had. A pod that appears or goes away reloads the list.
(function () {
  const table = document.getElementById("pods-live");
  if (!table) return;
  function show(statuses) {
    const rows = table.querySelectorAll("[data-pod]");
    if (rows.length !== Object.keys(statuses).length) return location.reload();
    rows.forEach((row) => {
      const s = statuses[row.dataset.pod];
      if (s === undefined) return location.reload();
      const badge = row.querySelector(".status");
      if (badge.textContent !== s) {
        badge.textContent = s;
        badge.className = "status status-" + s.toLowerCase();
      }
    });
  }
  function poll() {
    fetch(table.dataset.poll, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((s) => {
        if (s) show(s);
        setTimeout(poll, 5000);
      })
      .catch(() => setTimeout(poll, 5000));
  }
  if (window.EventSource) {
    const events = new EventSource(table.dataset.stream);
    events.addEventListener("statuses", (e) => show(JSON.parse(e.data)));
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) setTimeout(poll, 1000);
    };
  } else setTimeout(poll, 1000);
})();
