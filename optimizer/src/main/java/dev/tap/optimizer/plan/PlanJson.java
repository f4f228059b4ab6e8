package dev.tap.optimizer.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.registry.Families;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Reads and writes {@code plan.json}: the contract between {@code tap plan} and {@code tap apply}.
 *
 * <p>The file is an envelope {@code {"schemaVersion": 1, "contentSha256": "...", "plan": {...}}}.
 * The hash covers the canonical form of {@code plan} (keys sorted, no whitespace), so apply can
 * tell a plan that was edited after it was written from one that was only re-indented. Unknown
 * schema versions are refused rather than half-read.
 */
public final class PlanJson {
  public static final String FILE_NAME = "plan.json";

  /** A plan is 6 levels deep; a file nested far deeper is not a plan, and is refused before it costs stack. */
  static final int MAX_NESTING = 32;

  private static final ObjectMapper JSON =
      JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build())
          .addModule(new JavaTimeModule())
          .addModule(Families.jsonModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private PlanJson() {}

  /** The whole file's text for a plan. */
  public static String toJson(Plan plan) {
    try {
      // Round-trip through text so the hashed tree is exactly what a reader will rebuild.
      JsonNode planNode = JSON.readTree(JSON.writeValueAsString(plan));
      ObjectNode envelope = JsonNodeFactory.instance.objectNode();
      envelope.put("schemaVersion", Plan.SCHEMA_VERSION);
      envelope.put("contentSha256", sha256(planNode));
      envelope.set("plan", planNode);
      return JSON.writeValueAsString(envelope) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plan " + plan.id() + " cannot be written as JSON", e);
    }
  }

  /** Writes the plan whole or not at all: a temporary file in the same directory, then a move. */
  public static void write(Plan plan, Path file) {
    AtomicFiles.write(file, toJson(plan));
  }

  public static Plan read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(ExitCode.BAD_INPUT, "plan file " + file + " does not exist. Create one with 'tap plan --out DIR'.");
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "plan file " + file + " cannot be read (" + e.getMessage() + ").", e);
    }
    return parse(text, file.toString());
  }

  /** Parses a plan file's text; {@code origin} names it in errors. */
  public static Plan parse(String text, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw new UserError(ExitCode.BAD_INPUT, "plan file " + origin + " is nested more than " + MAX_NESTING
          + " levels deep; a TAP plan is not. Re-create it with 'tap plan --out DIR'.", e);
    } catch (JsonProcessingException e) {
      throw new UserError(ExitCode.BAD_INPUT,
          "plan file " + origin + " is not valid JSON (" + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + "). Re-create it with 'tap plan --out DIR'.", e);
    }
    if (root == null || !root.isObject()) {
      throw new UserError(ExitCode.BAD_INPUT, "plan file " + origin + " is not a TAP plan (expected a JSON object with schemaVersion, contentSha256 and plan).");
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null || !version.isInt()) {
      throw new UserError(ExitCode.BAD_INPUT, "plan file " + origin + " has no integer 'schemaVersion'; it was not written by 'tap plan'.");
    }
    if (version.intValue() != Plan.SCHEMA_VERSION) {
      throw new UserError(ExitCode.BAD_INPUT,
          "plan file " + origin + " has schemaVersion " + version.intValue() + ", but this tap reads schemaVersion "
              + Plan.SCHEMA_VERSION + " only. Re-create the plan with this version's 'tap plan'.");
    }
    JsonNode planNode = root.get("plan");
    JsonNode declared = root.get("contentSha256");
    if (planNode == null || !planNode.isObject() || declared == null || !declared.isTextual()) {
      throw new UserError(ExitCode.BAD_INPUT, "plan file " + origin + " lacks 'plan' or 'contentSha256'; it was not written by 'tap plan'.");
    }
    String actual = sha256(planNode);
    if (!actual.equalsIgnoreCase(declared.textValue())) {
      throw new UserError(ExitCode.BAD_INPUT,
          "plan file " + origin + " was changed after 'tap plan' wrote it (content SHA-256 " + actual + ", recorded "
              + declared.textValue() + "). TAP applies only plans it produced: re-run 'tap plan' instead of editing the file.");
    }
    try {
      Plan plan = JSON.treeToValue(planNode, Plan.class);
      if (plan.schemaVersion() != Plan.SCHEMA_VERSION) {
        throw new UserError(ExitCode.BAD_INPUT, "plan file " + origin + ": plan.schemaVersion " + plan.schemaVersion() + " differs from the envelope's " + Plan.SCHEMA_VERSION + ".");
      }
      PlanCheck.require(plan, origin);
      return plan;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new UserError(ExitCode.BAD_INPUT, "plan file " + origin + " does not match schemaVersion " + Plan.SCHEMA_VERSION + ": " + e.getMessage(), e);
    }
  }

  /** The SHA-256 recorded in a plan file for its plan, hex lower case: identifies a plan in journals. */
  public static String contentSha256(Plan plan) {
    try {
      return sha256(JSON.readTree(JSON.writeValueAsString(plan)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(JsonNode node) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] canonical = JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(canonical(node));
      return HexFormat.of().formatHex(digest.digest(canonical));
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy with every object's keys in sorted order, so the hash does not depend on key order. */
  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      names.sort(null);
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      for (String name : names) sorted.set(name, canonical(node.get(name)));
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> copy.add(canonical(child)));
      return copy;
    }
    return node;
  }
}
