/** The code of each block fenced as ```ts runnable (or ```js runnable) in a README, in order. */
export function runnableExamples(markdown: string): string[] {
  const blocks: string[] = [];
  const fence = /^```(?:ts|js) runnable[^\n]*\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) blocks.push(match[1] ?? '');
  return blocks;
}
