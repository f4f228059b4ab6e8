package dev.tap.blueprints.saas;

import dev.tap.blueprints.shared.DynamoTables.Index;
import dev.tap.blueprints.shared.DynamoTables.TableSpec;
import java.util.List;

/** S5's tables, keys and four GSIs each: the access paths of tenants, users and their audit trail. */
final class SaasTables {
  private SaasTables() {}

  static final List<TableSpec> SPECS = List.of(
      new TableSpec("tenants", "tenant_id", "created_at", List.of(
          new Index("ByStatus", "status", "tenant_id"),
          new Index("ByPlan", "plan_type", "tenant_id"),
          new Index("ByDomain", "domain", "tenant_id"),
          new Index("ByOwner", "owner_id", "tenant_id"))),
      new TableSpec("users", "user_id", "tenant_id", List.of(
          new Index("ByEmail", "email", "user_id"),
          new Index("ByTenant", "tenant_id", "created_at"),
          new Index("ByRole", "role", "user_id"),
          new Index("ByStatus", "status", "last_login"))),
      new TableSpec("audit_logs", "log_id", "timestamp", List.of(
          new Index("ByTenant", "tenant_id", "timestamp"),
          new Index("ByUser", "user_id", "timestamp"),
          new Index("ByAction", "action_type", "timestamp"),
          new Index("BySeverity", "severity", "timestamp"))));
}
