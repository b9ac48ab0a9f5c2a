import { toICalendar } from '../src/index.ts';
import { talks, toCalendar } from './fixture.ts';
const list = talks(1000);
let n = 0;
for (let i = 0; i < 300; i++) n += toICalendar(toCalendar(list, '2026-01-01T00:00:00Z')).length;
console.log(n);
