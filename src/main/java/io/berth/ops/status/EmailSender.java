package io.berth.ops.status;

import java.util.Properties;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Sends the alert as a plain-text mail through the configured SMTP server. */
final class EmailSender implements AlertSender {
  private final StatusConfig.Email email;
  private final JavaMailSenderImpl mail = new JavaMailSenderImpl();

  EmailSender(StatusConfig.Email email) {
    this.email = email;
    mail.setHost(email.host());
    mail.setPort(email.port());
    mail.setUsername(email.username());
    mail.setPassword(email.password());
    Properties props = mail.getJavaMailProperties();
    props.put("mail.smtp.auth", Boolean.toString(email.username() != null));
    props.put("mail.smtp.starttls.enable", Boolean.toString(email.starttls()));
    props.put("mail.smtp.connectiontimeout", "10000");
    props.put("mail.smtp.timeout", "10000");
    props.put("mail.smtp.writetimeout", "10000");
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public void send(Notice notice) {
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(email.from());
    message.setTo(email.to().toArray(String[]::new));
    message.setSubject(notice.subject());
    message.setText(notice.text());
    mail.send(message);
  }
}
