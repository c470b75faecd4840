import { z } from "zod";

/** Text in Vietnamese, optionally English. */
export const localizedTextSchema = z.object({
  vi: z.string().min(1, "Vietnamese text is required"),
  en: z.string().min(1).optional(),
});

/** `data/programmes.json`. */
export const programmesFileSchema = z.object({
  programmes: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and dashes"),
        name: localizedTextSchema,
        aliases: z.array(z.string().min(1)).optional(),
        organiser: localizedTextSchema,
        description: localizedTextSchema,
        services: z.array(localizedTextSchema).min(1, "list at least one service"),
        cost: localizedTextSchema,
        audience: localizedTextSchema,
        doctors: localizedTextSchema.optional(),
        privilege: localizedTextSchema.optional(),
        contact: localizedTextSchema.optional(),
        source: z.string().optional(),
        facts: z
          .object({
            bring: localizedTextSchema.optional(),
            limits: localizedTextSchema.optional(),
            startTime: localizedTextSchema.optional(),
            doctors: localizedTextSchema.optional(),
          })
          .optional(),
        faq: z
          .array(
            z.object({
              id: z.string().min(1),
              questions: z.array(z.string().min(1)).min(1, "give at least one question"),
              answer: localizedTextSchema,
              addedBy: z.number().int().optional(),
              addedAt: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .min(1, "at least one programme is needed"),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dates are written YYYY-MM-DD")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "not a real calendar date");
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "times are written HH:MM");

/** One event in `data/events.json`. */
export const eventSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,16}$/, "short id: 2-16 lowercase letters, digits, dashes"),
  programmeId: z.string().min(1),
  provinceId: z.string().min(1),
  date: isoDate,
  startTime: localTime.optional(),
  endTime: localTime.optional(),
  venueName: z.string().min(1).optional(),
  address: z.string().min(1).optional(),
  location: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .optional(),
  status: z.enum(["scheduled", "moved", "cancelled"]),
  notes: localizedTextSchema.optional(),
  version: z.number().int().min(1).default(1),
  updatedAt: z.string().default("1970-01-01T00:00:00.000Z"),
});

/** `data/events.json`. */
export const eventsFileSchema = z.object({ events: z.array(eventSchema) });

/** Turns a zod error into "field: problem" lines a person can act on. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}
