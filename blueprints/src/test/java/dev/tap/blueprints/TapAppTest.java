package dev.tap.blueprints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** TapApp: -c arguments override cdk.json; each synthesized stack is printed with its resource count. */
class TapAppTest {

  @Test
  void contextArgumentsOverrideCdkJson_andEachStackIsPrinted(@TempDir Path dir) throws Exception {
    Path cdkJson = dir.resolve("cdk.json");
    Files.writeString(cdkJson, "{\"app\": \"x\", \"context\": {\"environmentSuffix\": \"fromjson\", \"blueprints\": \"trading\", \"trading.asg.max\": 40}}");
    String oldJson = System.getProperty("tap.cdkJson");
    String oldOut = System.getProperty("tap.outdir");
    System.setProperty("tap.cdkJson", cdkJson.toString());
    System.setProperty("tap.outdir", dir.resolve("cdk.out").toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CloudAssembly asm = TapApp.run(new String[] {"-c", "environmentSuffix=ci", "--context=trading.asg.desired=25"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String printed = bytes.toString(StandardCharsets.UTF_8);
      assertThat(asm.getStacks()).extracting(s -> s.getStackName()).containsExactly("Tap-trading-ci");
      int count = TapApp.resourceCount(asm.getStackByName("Tap-trading-ci"));
      assertThat(count).isGreaterThan(90);
      assertThat(printed).containsPattern("Tap-trading-ci\\s+us-east-1\\s+" + count + " resources");
      assertThat(dir.resolve("cdk.out/Tap-trading-ci.template.json")).exists();
      String template = Files.readString(dir.resolve("cdk.out/Tap-trading-ci.template.json"));
      // desired from -c, max from cdk.json, min from the SPEC default
      assertThat(template).contains("\"DesiredCapacity\": \"25\"").contains("\"MaxSize\": \"40\"").contains("\"MinSize\": \"15\"");
    } finally {
      restore("tap.cdkJson", oldJson);
      restore("tap.outdir", oldOut);
    }
  }

  @Test
  void malformedArguments_sayWhatIsAccepted() {
    assertThat(TapApp.parseContextArgs(new String[] {"-c", "a=b=c", "--context", "x=1"})).isEqualTo(Map.of("a", "b=c", "x", "1"));
    assertThatThrownBy(() -> TapApp.parseContextArgs(new String[] {"-c"})).hasMessageContaining("-c needs a KEY=VALUE");
    assertThatThrownBy(() -> TapApp.parseContextArgs(new String[] {"-c", "novalue"})).hasMessageContaining("'novalue' is not KEY=VALUE");
    assertThatThrownBy(() -> TapApp.parseContextArgs(new String[] {"--verbose"})).hasMessageContaining("accepted: -c KEY=VALUE");
  }

  private static void restore(String key, String value) {
    if (value == null) System.clearProperty(key);
    else System.setProperty(key, value);
  }
}
