package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.LockOwner;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SSM-parameter lock against moto: create only if absent, compare before rewrite, release only one's own. */
@ExtendWith(MotoServer.Extension.class)
class AwsAccountLockMotoTest {

  static LockOwner owner(String token) {
    return new LockOwner(token, 4242, "host-a", Instant.parse("2026-12-07T01:00:00Z"), "/srv/" + token + ".db", null,
        Instant.parse("2026-12-07T02:00:00Z"));
  }

  @Test
  void theParameterIsCreatedOnlyWhenAbsent_rewrittenOnlyWhenUnchanged_andReleasedOnlyByItsOwner(MotoServer moto) {
    try (AwsClients clients = moto.clients("us-east-1")) {
      AwsAccountLock lock = new AwsAccountLock(clients, MotoServer.ACCOUNT);
      LockOwner a = owner("a");
      LockOwner b = owner("b");
      assertThat(lock.tryCreate("us-east-1", a)).isEmpty();
      assertThat(clients.ssm("us-east-1").getParameter(r -> r.name(AwsAccountLock.NAME)).parameter().value()).contains("journal=/srv/a.db");
      assertThat(lock.tryCreate("us-east-1", b)).contains(a);

      assertThat(lock.replace("us-east-1", b, b)).as("not held by b").isFalse();
      assertThat(lock.replace("us-east-1", a, a.withRun(3))).isTrue();
      assertThat(lock.tryCreate("us-east-1", b)).contains(a.withRun(3));

      lock.release("us-east-1", b);
      assertThat(lock.tryCreate("us-east-1", b)).as("b cannot release a's lock").contains(a.withRun(3));
      lock.release("us-east-1", a);
      assertThat(lock.tryCreate("us-east-1", b)).isEmpty();
      assertThat(lock.where("us-east-1")).isEqualTo("SSM parameter /tap/run-lock in account 123456789012, us-east-1");
      assertThat(lock.removeCommand("us-east-1")).isEqualTo("aws ssm delete-parameter --name /tap/run-lock --region us-east-1");
    }
  }
}
