package io.berth.ops.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.berth.testing.FreePort;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Email alerts through a real SMTP server (GreenMail), with and without authentication. */
class EmailSenderTest {
  GreenMail smtp;
  int port;

  @BeforeEach
  void start() {
    port = FreePort.find();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  final AlertNotice down =
      new AlertNotice(
          "api",
          false,
          "the Pods API",
          "status 503, not == 200",
          3,
          Instant.parse("2026-11-25T10:00:00Z"));

  @Test
  void sendsTheAlertAndTheResolvedNoticeToEveryRecipient() throws Exception {
    EmailSender sender =
        new EmailSender(
            new StatusConfig.Email(
                "127.0.0.1",
                port,
                null,
                null,
                "berth@example.org",
                List.of("ops@example.org", "oncall@example.org"),
                false));
    sender.send(down);
    sender.send(
        new AlertNotice(
            "api", true, "the Pods API", "ok", 0, Instant.parse("2026-11-25T10:05:00Z")));

    assertThat(smtp.waitForIncomingEmail(5000, 4)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(4); // two notices, two recipients each
    assertThat(received[0].getSubject()).isEqualTo("[ALERT] Berth status check api is down");
    assertThat(received[0].getFrom()[0].toString()).isEqualTo("berth@example.org");
    assertThat(GreenMailUtil.getBody(received[0]))
        .contains("the Pods API")
        .contains("status 503, not == 200 (3 in a row)");
    assertThat(received)
        .extracting(MimeMessage::getSubject)
        .contains("[RESOLVED] Berth status check api is up again");
  }

  @Test
  void authenticatesWhenAUserIsConfiguredAndFailsLoudlyOnAWrongPassword() throws Exception {
    smtp.setUser("berth@example.org", "alerts", "s3cret");
    new EmailSender(
            new StatusConfig.Email(
                "127.0.0.1",
                port,
                "alerts",
                "s3cret",
                "berth@example.org",
                List.of("ops@example.org"),
                false))
        .send(down);
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();

    EmailSender wrong =
        new EmailSender(
            new StatusConfig.Email(
                "127.0.0.1",
                port,
                "alerts",
                "nope",
                "berth@example.org",
                List.of("ops@example.org"),
                false));
    assertThatThrownBy(() -> wrong.send(down)).hasMessageContaining("Authentication failed");
  }
}
