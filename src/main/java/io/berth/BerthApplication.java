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
    SpringApplication.run(BerthApplication.class, args);
  }
}
