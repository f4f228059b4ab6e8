package dev.tap.optimizer.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.tap.optimizer.family.ResourceFamily;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.metrics.MetricCatalog;
import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.slo.SloMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one list of resource families. Everything else finds a family, an action kind or the
 * metrics of a resource through here, so adding a family is its package plus one line below.
 * The order is the order reports list families in.
 */
public final class Families {
  private Families() {}

  private static final List<ResourceFamily> ALL = List.of(
      new AuroraFamily(), new RdsFamily(), new AsgFamily(), new RedisFamily(), new DynamoDbFamily(), new DaxFamily(),
      new LambdaFamily(), new LoadBalancerFamily(), new SageMakerFamily(),
      new Ec2Family(), new EbsFamily());

  private static final Map<Family, ResourceFamily> BY_FAMILY = new LinkedHashMap<>();
  private static final Map<String, Family> FAMILY_BY_NAME = new LinkedHashMap<>();
  private static final Map<String, ActionKind> KIND_BY_NAME = new LinkedHashMap<>();
  private static final Map<Family, Integer> ORDER = new LinkedHashMap<>();

  static {
    for (ResourceFamily rf : ALL) {
      for (Family f : rf.families()) {
        if (FAMILY_BY_NAME.put(f.name(), f) != null) throw new IllegalStateException("two families named " + f.name());
        BY_FAMILY.put(f, rf);
        ORDER.put(f, ORDER.size());
      }
      for (ActionKind k : rf.actionKinds()) {
        if (KIND_BY_NAME.put(k.name(), k) != null) throw new IllegalStateException("two action kinds named " + k.name());
      }
    }
  }

  public static List<ResourceFamily> all() {
    return ALL;
  }

  /** The family implementation of {@code f}. */
  public static ResourceFamily of(Family f) {
    ResourceFamily rf = BY_FAMILY.get(f);
    if (rf == null) throw new IllegalArgumentException("no family " + f + " in the registry");
    return rf;
  }

  /** Every resource kind, in report order. */
  public static List<Family> families() {
    return List.copyOf(FAMILY_BY_NAME.values());
  }

  public static Optional<Family> family(String name) {
    return Optional.ofNullable(FAMILY_BY_NAME.get(name));
  }

  /** Every action kind, in registry order. */
  public static List<ActionKind> kinds() {
    return List.copyOf(KIND_BY_NAME.values());
  }

  public static Optional<ActionKind> kind(String name) {
    return Optional.ofNullable(KIND_BY_NAME.get(name));
  }

  /** As {@link #kind}, throwing {@link IllegalArgumentException} naming the known kinds when {@code name} is not one. */
  public static ActionKind kindNamed(String name) {
    return kind(name).orElseThrow(() -> new IllegalArgumentException("unknown action kind '" + name + "'; known: " + KIND_BY_NAME.keySet()));
  }

  /** Families in registry order. */
  public static Comparator<Family> order() {
    return Comparator.comparing(f -> ORDER.getOrDefault(f, Integer.MAX_VALUE));
  }

  /** Reads action kinds and families in JSON (plans, ML runs) by their names, to the registry's instances. */
  public static Module jsonModule() {
    SimpleModule m = new SimpleModule("tap-families");
    m.addDeserializer(ActionKind.class, new FromName<>(ActionKind.class, Families::kind));
    m.addDeserializer(Family.class, new FromName<>(Family.class, Families::family));
    // A value the metrics do not give (a p99 an endpoint does not publish) is NaN in memory and null in JSON,
    // since NaN is not JSON; null reads back as NaN, while a field an older file lacks still reads as 0.
    m.addSerializer(Double.class, new NonFiniteAsNull());
    m.addSerializer(double.class, new NonFiniteAsNull());
    m.addDeserializer(double.class, new NullAsNaN());
    return m;
  }

  private static final class NonFiniteAsNull extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Double> {
    NonFiniteAsNull() {
      super(Double.class);
    }

    @Override
    public void serialize(Double v, com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
      if (Double.isFinite(v)) g.writeNumber(v);
      else g.writeNull();
    }
  }

  private static final class NullAsNaN extends StdScalarDeserializer<Double> {
    NullAsNaN() {
      super(double.class);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return _parseDoublePrimitive(p, ctx);
    }

    @Override
    public Double getNullValue(DeserializationContext ctx) {
      return Double.NaN;
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctx) {
      return 0.0;
    }
  }

  @SuppressWarnings("unchecked")
  private static final class FromName<T> extends StdScalarDeserializer<T> {
    private final Function<String, Optional<T>> lookup;

    FromName(Class<T> type, Function<String, Optional<T>> lookup) {
      super(type);
      this.lookup = lookup;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String name = p.getValueAsString();
      Optional<T> v = name == null ? Optional.empty() : lookup.apply(name);
      if (v.isEmpty()) return (T) ctx.handleWeirdStringValue(handledType(), name, "not a known " + handledType().getSimpleName());
      return v.get();
    }
  }

  /**
   * The catalog of the rules: each family's metrics plus, when the snapshot names one blueprint
   * and its resources one environment, that blueprint's SLO metrics ({@link SloMetrics}).
   */
  public static MetricCatalog catalog() {
    return (snapshot, r) -> {
      List<MetricSpec> specs = new ArrayList<>(of(r.family()).metricSpecs(r));
      SloMetrics.scope(snapshot, r).ifPresent(s -> specs.addAll(SloMetrics.specs(s.blueprint(), s.environment())));
      return specs;
    };
  }
}
