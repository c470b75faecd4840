import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPendingActions } from "../../src/domain/admin/pending.js";
import { createRoleService } from "../../src/domain/admin/roles.js";
import {
  openAdminRepository,
  openPendingActionRepository,
} from "../../src/storage/admin-repositories.js";

describe("coordinator storage", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loa-admin-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lets a confirm token work exactly once, even for two taps at the same moment", async () => {
    const pending = createPendingActions(await openPendingActionRepository(dir), () => "tok1");
    const now = new Date("2013-10-30T00:00:00Z");
    const token = await pending.create(7, { kind: "unanswered_handled", ids: ["a"] }, now);
    const [first, second] = await Promise.all([
      pending.take(token, 7, now),
      pending.take(token, 7, now),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect(first.ok ? second : first).toEqual({ ok: false, reason: "used" });
    expect(await pending.take("other", 7, now)).toEqual({ ok: false, reason: "missing" });
    // Survives a restart: the same file, reopened, still knows the token was used.
    const reopened = await openPendingActionRepository(dir);
    expect(await reopened.take(token, 7, now)).toEqual({ ok: false, reason: "used" });
  });

  it("expires tokens and keeps them to their owner", async () => {
    const pending = createPendingActions(await openPendingActionRepository(dir), () => "tok2");
    const now = new Date("2013-10-30T00:00:00Z");
    const token = await pending.create(7, { kind: "unanswered_handled", ids: [] }, now);
    expect(await pending.take(token, 8, now)).toEqual({ ok: false, reason: "not_yours" });
    const later = new Date(now.getTime() + 2 * 24 * 60 * 60 * 1000);
    expect(await pending.take(token, 7, later)).toEqual({ ok: false, reason: "expired" });
  });

  it("lets only owners add and remove coordinators, stored across restarts", async () => {
    const roles = createRoleService([1], await openAdminRepository(dir));
    const now = new Date();
    expect(await roles.add(2, 3, undefined, now)).toEqual({ ok: false, reason: "not_owner" });
    expect((await roles.add(1, 3, "Lan", now)).ok).toBe(true);
    expect(await roles.add(1, 3, "Lan", now)).toEqual({ ok: false, reason: "already" });
    const again = createRoleService([1], await openAdminRepository(dir));
    expect(await again.roleOf(3)).toBe("coordinator");
    expect(await again.roleOf(1)).toBe("owner");
    expect(await again.roleOf(4)).toBe("customer");
    expect(await again.remove(1, 1)).toEqual({ ok: false, reason: "is_owner" });
    expect((await again.remove(1, 3)).ok).toBe(true);
    expect(await again.isCoordinator(3)).toBe(false);
  });
});
