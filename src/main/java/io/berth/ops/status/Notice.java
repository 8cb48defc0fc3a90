package io.berth.ops.status;

import java.util.Map;

/** What a sender delivers: a subject and plain text (email), and the fields a webhook posts. */
interface Notice {
  String subject();

  String text();

  Map<String, Object> fields();
}
