package io.berth.volumes;

import io.berth.runtime.storage.VolumeStorage;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Streams a stored file out as an attachment, with its length, never loading it in memory. */
public final class Downloads {
  private Downloads() {}

  public static ResponseEntity<InputStreamResource> of(VolumeStorage.StoredFile file) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .contentLength(file.size())
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(file.name()).build().toString())
        .body(new InputStreamResource(file.open()));
  }
}
