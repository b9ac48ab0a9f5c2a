import { describe, expect, it } from 'vitest';
import { runnableExamples } from './readme-examples.ts';

describe('runnableExamples', () => {
  it('finds the blocks fenced as runnable, and only those', () => {
    const markdown = [
      '# x',
      '```ts runnable',
      'const a = 1;',
      '```',
      '```ts',
      'not this one',
      '```',
      '```js runnable',
      'const b = 2;',
      '```',
    ].join('\n');
    expect(runnableExamples(markdown)).toEqual(['const a = 1;\n', 'const b = 2;\n']);
  });
});
