// The file browser's upload: streamed as multipart with a progress bar, the CSRF token in its
// header; the API's refusal is shown next to the field.
(function () {
  const form = document.getElementById("upload");
  if (!form) return;
  const error = document.getElementById("upload-error");
  const progress = document.getElementById("upload-progress");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = document.getElementById("upload-file").files[0];
    if (!file) return;
    const folder = document.getElementById("upload-folder").value.trim().replace(/^\/+|\/+$/g, "");
    const path = folder ? folder + "/" + file.name : file.name;
    const body = new FormData();
    body.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.action + "?path=" + encodeURIComponent(path));
    xhr.setRequestHeader(form.dataset.csrfHeader, form.dataset.csrf);
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) progress.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status === 200) {
        // to the folder the file went into
        location.assign(form.dataset.page + (folder ? "?path=" + encodeURIComponent(folder) : ""));
        return;
      }
      const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const message = page.querySelector(".field-error");
      error.textContent = message ? message.textContent : "Upload refused (" + xhr.status + ").";
      error.hidden = false;
      progress.hidden = true;
    });
    error.hidden = true;
    progress.hidden = false;
    xhr.send(body);
  });
})();
