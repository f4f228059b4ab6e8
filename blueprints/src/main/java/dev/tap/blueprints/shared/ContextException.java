package dev.tap.blueprints.shared;

/** An invalid CDK context value: the message names the key, the value given and the accepted values. */
public final class ContextException extends IllegalArgumentException {
  public ContextException(String key, Object value, String problem, String accepted) {
    super("context key '" + key + "'" + (value == null ? "" : " = '" + value + "'") + ": " + problem + ". Accepted values: " + accepted
        + ". Set it with -c " + key + "=VALUE or in blueprints/cdk.json.");
  }
}
