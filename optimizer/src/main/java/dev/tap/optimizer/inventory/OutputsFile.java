package dev.tap.optimizer.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment-outputs file in any of the formats of SPEC O1, read into stacks of key/value
 * outputs. Formats: CDK {@code --outputs-file} ({@code {"Stack": {"Key": "v"}}}, as in
 * all-outputs.json), flat ({@code {"Key": "v"}}, as in cfn-outputs/flat-outputs.json), Terraform
 * ({@code {"Key": {"value": "v"}}}) and CloudFormation describe-stacks
 * ({@code [{"OutputKey": "Key", "OutputValue": "v"}]}). Output keys are in docs/outputs.md.
 */
public record OutputsFile(Path path, String format, List<StackOutputs> stacks) {

  /** The outputs of one stack; {@code stack} is empty for flat and Terraform files. */
  public record StackOutputs(String stack, Map<String, String> values) {
    public Optional<String> get(String key) {
      return Optional.ofNullable(values.get(key));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public static OutputsFile read(Path path) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new UserError(ExitCode.BAD_INPUT, "outputs file " + path + " does not exist. Pass the file written by 'cdk deploy --outputs-file' (or cfn-outputs/flat-outputs.json).");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserError(ExitCode.BAD_INPUT, "outputs file " + path + " is not valid JSON (" + e.getOriginalMessage() + "). Check it was written completely.", e);
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "outputs file " + path + " cannot be read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || (root.isContainerNode() && root.isEmpty())) {
      throw new UserError(ExitCode.BAD_INPUT, "outputs file " + path + " is empty: it names no outputs. Deploy the stack with 'cdk deploy --outputs-file " + path + "'.");
    }
    if (root.isArray()) return new OutputsFile(path, "cloudformation", List.of(new StackOutputs("", describeStacks(path, root))));
    if (!root.isObject()) throw shape(path, "the top level is neither an object nor an array");

    boolean allText = true, allTerraform = true, allObjects = true;
    for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
      JsonNode v = it.next();
      allText &= v.isValueNode();
      allObjects &= v.isObject();
      allTerraform &= v.isObject() && v.has("value") && onlyTerraformKeys(v);
    }
    if (allText) return new OutputsFile(path, "flat", List.of(new StackOutputs("", text(path, "", root))));
    if (allTerraform) {
      Map<String, String> values = new LinkedHashMap<>();
      root.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(path, e.getKey(), e.getValue().get("value"))));
      return new OutputsFile(path, "terraform", List.of(new StackOutputs("", values)));
    }
    if (allObjects) {
      List<StackOutputs> stacks = new ArrayList<>();
      root.fields().forEachRemaining(e -> stacks.add(new StackOutputs(e.getKey(), text(path, e.getKey() + ".", e.getValue()))));
      return new OutputsFile(path, "cdk", stacks);
    }
    throw shape(path, "it mixes plain values and objects at the top level");
  }

  /** Every value of {@code key} across stacks, in file order. */
  public List<String> all(String key) {
    return stacks.stream().flatMap(s -> s.get(key).stream()).toList();
  }

  private static boolean onlyTerraformKeys(JsonNode v) {
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("value") && !f.equals("type") && !f.equals("sensitive")) return false;
    }
    return true;
  }

  private static Map<String, String> text(Path path, String prefix, JsonNode obj) {
    Map<String, String> values = new LinkedHashMap<>();
    obj.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(path, prefix + e.getKey(), e.getValue())));
    return values;
  }

  private static String scalar(Path path, String key, JsonNode v) {
    if (v == null || v.isNull()) throw new UserError(ExitCode.BAD_INPUT, "outputs file " + path + ": key '" + key + "' has no value. Re-run the deployment that writes it.");
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(scalar(path, key, i)));
      return String.join(",", items);
    }
    if (!v.isValueNode()) throw new UserError(ExitCode.BAD_INPUT, "outputs file " + path + ": key '" + key + "' holds an object where a text value was expected.");
    return v.asText();
  }

  private static Map<String, String> describeStacks(Path path, JsonNode arr) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode o : arr) {
      if (!o.has("OutputKey") || !o.has("OutputValue")) throw shape(path, "an array entry lacks OutputKey/OutputValue");
      values.put(o.get("OutputKey").asText(), o.get("OutputValue").asText());
    }
    return values;
  }

  private static UserError shape(Path path, String why) {
    return new UserError(ExitCode.BAD_INPUT, "outputs file " + path + " is not in a known format (" + why + "). Accepted: cdk --outputs-file "
        + "{\"Stack\":{\"Key\":\"v\"}}, flat {\"Key\":\"v\"}, Terraform {\"Key\":{\"value\":\"v\"}}, or describe-stacks [{\"OutputKey\":..,\"OutputValue\":..}].");
  }
}
