package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.AccountLock;
import dev.tap.optimizer.exec.LockOwner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The account lock on AWS: an SSM parameter {@value #NAME} in the account and region, created with
 * {@code Overwrite=false}, which SSM refuses (ParameterAlreadyExists) while another tap holds it:
 * an atomic create-if-absent that needs no table or bucket of ours in the account, costs nothing
 * (a standard parameter), is scoped by IAM to one ARN, and is visible to anyone with the console.
 * SSM has no compare-and-set for an overwrite, so rewriting a held lock (a take-over, or naming the
 * run) re-reads it under a lock file on this host: take-overs happen only on the dead owner's own
 * host, so every process that may race for one meets that file.
 */
public final class AwsAccountLock implements AccountLock {

  /** The parameter's name in every region of the account. */
  public static final String NAME = "/tap/run-lock";

  private final AwsClients clients;
  private final String account;

  public AwsAccountLock(AwsClients clients, String account) {
    this.clients = clients;
    this.account = account;
  }

  @Override
  public Optional<LockOwner> tryCreate(String region, LockOwner owner) {
    boolean created = clients.call("ssm:PutParameter", region, () -> {
      try {
        clients.ssm(region).putParameter(b -> b.name(NAME).type(ParameterType.STRING).value(owner.encode()).overwrite(false)
            .description("Held by a tap process while it changes this account and region; tap releases it when the command ends."));
        return true;
      } catch (ParameterAlreadyExistsException held) {
        return false;
      }
    });
    if (created) return Optional.empty();
    // held: the holder, unless it was released since (then the caller tries again)
    Optional<LockOwner> holder = read(region);
    return holder.isPresent() ? holder : tryCreate(region, owner);
  }

  @Override
  public boolean replace(String region, LockOwner expected, LockOwner owner) {
    return onThisHost(region, () -> {
      if (read(region).filter(expected::sameAs).isEmpty()) return false;
      clients.call("ssm:PutParameter", region, () -> clients.ssm(region).putParameter(b -> b.name(NAME).type(ParameterType.STRING)
          .value(owner.encode()).overwrite(true)));
      return true;
    });
  }

  @Override
  public void release(String region, LockOwner owner) {
    if (read(region).filter(owner::sameAs).isEmpty()) return;
    clients.callIfFound("ssm:DeleteParameter", region, () -> clients.ssm(region).deleteParameter(b -> b.name(NAME)));
  }

  @Override
  public String where(String region) {
    return "SSM parameter " + NAME + " in account " + account + ", " + region;
  }

  @Override
  public String removeCommand(String region) {
    return "aws ssm delete-parameter --name " + NAME + " --region " + region;
  }

  private Optional<LockOwner> read(String region) {
    return clients.callIfFound("ssm:GetParameter", region, () -> clients.ssm(region).getParameter(b -> b.name(NAME)))
        .map(r -> LockOwner.decode(r.parameter().value(), where(region)));
  }

  private <T> T onThisHost(String region, Supplier<T> body) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tap-aws-locks-" + System.getProperty("user.name", "user"));
    Path guard = dir.resolve(account + "-" + region + ".guard");
    synchronized (AwsAccountLock.class) {
      try {
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
          return body.get();
        }
      } catch (IOException e) {
        throw new UserError(ExitCode.FAILURE, "could not use the local lock file " + guard + " that serialises take-overs of "
            + where(region) + ": " + e.getMessage() + ". Check java.io.tmpdir is writable.", e);
      }
    }
  }
}
