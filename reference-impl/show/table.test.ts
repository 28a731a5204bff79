import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderFreeRtrFancy, renderFreeRtrNormal, timePast } from './table';

const t = {
  headers: ['typ', 'prefix', 'metric'],
  rows: [
    ['C', '1.1.1.0/30', '1/0'],
    ['null', '1.1.1.8/30', '80/10'],
  ],
};

void test('fancy rendering matches the freeRtr document form', () => {
  assert.equal(
    renderFreeRtrFancy(t),
    [
      ' |~~~~~~|~~~~~~~~~~~~|~~~~~~~~|',
      ' | typ  | prefix     | metric |',
      ' |------|------------|--------|',
      ' | C    | 1.1.1.0/30 | 1/0    |',
      ' | null | 1.1.1.8/30 | 80/10  |',
      ' |______|____________|________|',
      '',
    ].join('\n'),
  );
});

void test('normal rendering pads columns two spaces apart', () => {
  assert.equal(renderFreeRtrNormal(t), 'typ   prefix      metric\nC     1.1.1.0/30  1/0\nnull  1.1.1.8/30  80/10\n');
});

void test('timePast formats like freeRtr', () => {
  assert.equal(timePast(68_000_000), '00:01:08');
  assert.equal(timePast(90_061_000_000), '1d1h');
});
