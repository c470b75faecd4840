/**
 * The baseline of the scale bench: a bare grammY echo bot, sequential `bot.start` long polling,
 * run as its own process like Loa (`TOKEN`, `API_ROOT`). Prints `echo started` when polling.
 */
import { Bot } from "grammy";

const bot = new Bot(process.env.TOKEN ?? "", { client: { apiRoot: process.env.API_ROOT ?? "" } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
process.once("SIGTERM", () => void bot.stop());
await bot.start({ onStart: () => console.log("echo started") });
