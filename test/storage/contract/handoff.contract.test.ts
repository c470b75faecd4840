/** Repository contract: care-desk tickets and the prompt messages that name them. */
import { afterEach, describe, expect, it } from "vitest";
import type { HandoffTicket } from "../../../src/domain/admin/handoff.js";
import { backends, type OpenBackend } from "./backends.js";

const ticket = (id: string): HandoffTicket => ({
  id,
  createdAt: "2030-01-01T00:00:00.000Z",
  source: "handoff",
  askers: [{ userKey: "zalo:abc", name: "Bà Hoa", lang: "vi", text: "gặp người thật" }],
  prompts: [],
  replies: [],
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`care desk storage contract on ${backend.name}`, () => {
    let open: OpenBackend | undefined;
    afterEach(async () => {
      await open?.close();
      open = undefined;
    });

    it("finds a ticket by its prompt message, after updates and a reopen", async () => {
      open = await backend.open();
      const { handoff } = open.repositories;
      await handoff.put(ticket("t1"));
      await handoff.put(ticket("t2"));
      expect(await handoff.byPrompt("-100", 5)).toBeUndefined();
      const withPrompt: HandoffTicket = {
        ...ticket("t1"),
        prompts: [{ chatId: "-100", messageId: 5, mode: "reply", by: 9 }],
      };
      await handoff.put(withPrompt);
      await handoff.put({
        ...withPrompt,
        replies: [{ at: "2030-01-01T00:01:00.000Z", by: 9, text: "Chào bác", mode: "reply" }],
      });
      const reopened = await open.reopen();
      expect((await reopened.handoff.byPrompt("-100", 5))?.id).toBe("t1");
      expect(await reopened.handoff.byPrompt("-100", 6)).toBeUndefined();
      expect(await reopened.handoff.byPrompt("-101", 5)).toBeUndefined();
      expect((await reopened.handoff.get("t1"))?.replies).toHaveLength(1);
      expect((await reopened.handoff.get("t2"))?.askers[0]?.name).toBe("Bà Hoa");
      expect(await reopened.handoff.get("t3")).toBeUndefined();
    });
  });
}
