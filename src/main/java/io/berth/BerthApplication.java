package io.berth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BerthApplication {
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("backup")) {
      // bin/berth backup: a command that works on a stopped Berth, so no application starts
      System.exit(
          io.berth.ops.backup.BackupCommand.run(java.util.List.of(args).subList(1, args.length)));
    }
    if (args.length == 1 && args[0].equals("version")) {
      // bin/berth version: the number the API's envelopes and the jar's manifest carry
      System.out.println(io.berth.web.BerthVersion.current());
      return;
    }
    SpringApplication.run(BerthApplication.class, args);
  }
}
