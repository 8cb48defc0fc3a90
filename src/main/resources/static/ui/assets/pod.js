// The pod page: polls the pod's status while it is on its way (no framework, no build step),
// and copies a credential to the clipboard.
(function () {
  const status = document.getElementById("status");
  const settled = ["AVAILABLE", "STOPPED", "ERROR", "COMPLETE", "DELETING"];
  function poll() {
    fetch(status.dataset.poll, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((s) => {
        if (!s) return;
        if (s.status !== status.textContent) {
          status.textContent = s.status;
          status.className = "status status-" + s.status.toLowerCase();
        }
        document.getElementById("requested").textContent = s.requested;
        if (!settled.includes(s.status) || s.requested === "RESTART") setTimeout(poll, 1500);
        else setTimeout(poll, 5000);
      })
      .catch(() => setTimeout(poll, 5000));
  }
  if (status && status.dataset.poll) setTimeout(poll, 1000);
  document.querySelectorAll("button.copy").forEach((b) =>
    b.addEventListener("click", () => {
      const text = document.getElementById(b.dataset.copy).textContent;
      navigator.clipboard.writeText(text).then(() => (b.textContent = "Copied"));
    }));
})();
