// The bench's chart, hand-written SVG: one panel per load generator, one bar per server, the
// number printed on every bar, node:http drawn in its own colour with a dashed line at 1.00×.
// All panels share one scale, so the ceiling of a slow generator shows as a shorter panel.
import { formatRate, formatRatio } from "./report.ts";
import type { BenchReport } from "./results.ts";

/** Near the width of the course site's text column, so the labels keep a readable size there. */
const WIDTH = 680;
const LABEL_WIDTH = 118;
const BAR_X = LABEL_WIDTH + 10;
/** What is left after the longest bar is room for its number. */
const BAR_MAX = 330;
const BAR_HEIGHT = 22;
const ROW = 30;
const PANEL_TITLE = 34;
const PANEL_GAP = 18;
const TOP = 40;

const COLOURS = { microfast: "#d9480f", baseline: "#1c7ed6", other: "#868e96" };

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function svgChart(report: BenchReport): string {
  const max = Math.max(...report.generators.flatMap((g) => g.servers.map((s) => s.median.requestsPerSecond)), 1);
  const scale = (rate: number) => (rate / max) * BAR_MAX;
  const parts: string[] = [];
  let y = TOP;
  for (const generator of report.generators) {
    parts.push(
      `<text class="panel" x="${BAR_X}" y="${y + 18}" font-weight="600">${escapeXml(generator.command)}</text>`,
    );
    y += PANEL_TITLE;
    // node:http's 1.00× line first, so the bars and their numbers are drawn over it.
    const base = generator.servers.find((s) => s.baseline);
    if (base) {
      const x = (BAR_X + scale(base.median.requestsPerSecond)).toFixed(1);
      const bottom = y + (generator.servers.length - 1) * ROW + BAR_HEIGHT + 4;
      parts.push(
        `<line x1="${x}" y1="${y - 4}" x2="${x}" y2="${bottom}" stroke="${COLOURS.baseline}" stroke-dasharray="4 3"/>`,
      );
    }
    for (const server of generator.servers) {
      const rate = server.median.requestsPerSecond;
      const width = scale(rate);
      const colour = server.baseline
        ? COLOURS.baseline
        : server.name.startsWith("microfast")
          ? COLOURS.microfast
          : COLOURS.other;
      const label = `${formatRate(rate)} req/s · ${formatRatio(server.ratio)}${server.baseline ? " (baseline)" : ""}`;
      parts.push(
        `<g class="bar" data-generator="${generator.generator}" data-server="${escapeXml(server.name)}" data-rate="${rate}" data-ratio="${server.ratio}">` +
          `<text x="${LABEL_WIDTH}" y="${y + 15}" text-anchor="end">${escapeXml(server.name)}</text>` +
          `<rect x="${BAR_X}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" rx="3" fill="${colour}"/>` +
          `<text x="${(BAR_X + width + 6).toFixed(1)}" y="${y + 15}">${escapeXml(label)}</text></g>`,
      );
      y += ROW;
    }
    y += PANEL_GAP;
  }
  const height = y + 10;
  const title = `${report.request}: requests per second per server`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="title desc" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13" fill="#212529">
<title id="title">${escapeXml(title)}</title>
<desc id="desc">One panel per load generator; each bar is a server's median requests per second, with its ratio to node:http (1.00×, the dashed line). ${escapeXml(report.date.slice(0, 10))}, ${report.machine.cpus} CPUs, Node ${escapeXml(report.machine.node)}.</desc>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${BAR_X}" y="24" font-size="15" font-weight="700">${escapeXml(title)}</text>
${parts.join("\n")}
</svg>
`;
}
