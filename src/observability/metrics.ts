/**
 * Prometheus metrics (`prom-client`), served at `GET /metrics`: updates handled and how long the
 * answers took, questions answered or not, broadcast sends by outcome, 429s, and what is queued.
 * One registry per app (no module-level state), so tests and several apps in one process do not
 * share counters.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** What the gauges read when scraped. */
export interface MetricsSources {
  /** Recipients not reached yet, over the jobs being sent. */
  broadcastRemaining?: () => Promise<number>;
  /** Telegram updates received and not handled yet. */
  updateBacklog?: () => number;
  /** Zalo updates received and not handled yet (several instances: the shared inbox's). */
  zaloBacklog?: () => number;
}

/** The app's metrics. */
export interface Metrics {
  /** One update handled, in `seconds`; `ok` false when its handler threw. */
  updateHandled(seconds: number, ok: boolean): void;
  /** A customer's question, answered or not. */
  question(answered: boolean): void;
  /** A broadcast recipient's final result. */
  broadcastSend(result: "sent" | "failed" | "blocked"): void;
  /** The platform answered 429. */
  rateLimited(channel: string): void;
  /** Reads the gauges from these sources (set once the app is assembled). */
  use(sources: MetricsSources): void;
  /** The exposition text. */
  render(): Promise<string>;
  /** Its `Content-Type`. */
  readonly contentType: string;
}

/** Creates the metrics of one app. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  let sources: MetricsSources = {};
  const updates = new Counter({
    name: "loa_updates_handled_total",
    help: "Updates handled, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "loa_answer_seconds",
    help: "Time to handle one update (answers sent)",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const questions = new Counter({
    name: "loa_questions_total",
    help: "Customer questions, answered or not (unanswered rate = answered=false / all)",
    labelNames: ["answered"],
    registers: [registry],
  });
  const sends = new Counter({
    name: "loa_broadcast_sends_total",
    help: "Broadcast recipients by final result",
    labelNames: ["result"],
    registers: [registry],
  });
  const limited = new Counter({
    name: "loa_rate_limited_total",
    help: "429 Too Many Requests answers from a platform",
    labelNames: ["channel"],
    registers: [registry],
  });
  new Gauge({
    name: "loa_broadcast_remaining",
    help: "Recipients not reached yet over the jobs being sent",
    registers: [registry],
    async collect() {
      this.set((await sources.broadcastRemaining?.()) ?? 0);
    },
  });
  new Gauge({
    name: "loa_update_backlog",
    help: "Updates received and not handled yet (Telegram and Zalo)",
    registers: [registry],
    collect() {
      this.set((sources.updateBacklog?.() ?? 0) + (sources.zaloBacklog?.() ?? 0));
    },
  });
  return {
    updateHandled(seconds, ok) {
      updates.inc({ outcome: ok ? "ok" : "error" });
      latency.observe(seconds);
    },
    question: (answered) => questions.inc({ answered: String(answered) }),
    broadcastSend: (result) => sends.inc({ result }),
    rateLimited: (channel) => limited.inc({ channel }),
    use(next) {
      sources = { ...sources, ...next };
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
