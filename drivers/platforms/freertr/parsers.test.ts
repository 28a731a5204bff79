import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParseError } from '../../errors';
import { groupRoutes } from '../../model/types';
import {
  parseInterfacesSummary, parsePing, parsePvrpSummary, parseRouteTable, parseTable, parseTraceroute, parseUptime,
} from './parsers';

const fx = (name: string): string => readFileSync(join(__dirname, 'testdata', name), 'utf8');
const ctx = { device: 'r2', command: 'show test' };

void describe('parseTable', () => {
  void it('reads the fancy format', () => {
    const t = parseTable(fx('r2-route4-v1-fancy.txt'));
    assert.equal(t.format, 'fancy');
    assert.deepEqual(t.headers, ['typ', 'prefix', 'metric', 'iface', 'hop', 'time']);
    assert.equal(t.rows.length, 21);
    assert.deepEqual(t.rows[16]?.cells, { typ: 'P EX', prefix: '2.2.2.1/32', metric: '80/10', iface: 'ethernet1.11', hop: '1.1.1.1', time: '00:01:08' });
  });

  void it('reads the plain format, keeping one-space values such as "P EX" whole', () => {
    const t = parseTable(fx('r2-route4-v1.txt'));
    assert.equal(t.format, 'plain');
    assert.equal(t.rows.length, 21);
    assert.equal(t.rows[16]?.cells.typ, 'P EX');
    assert.equal(t.rows[16]?.cells.prefix, '2.2.2.1/32');
  });

  void it('keeps an empty cell empty in the plain format', () => {
    const t = parseTable('a     b    c\nx          z\n');
    assert.deepEqual(t.rows[0]?.cells, { a: 'x', b: '', c: 'z' });
  });

  void it('falls back to 2+ space splitting when a value overruns its column', () => {
    const t = parseTable('name  state\nlongername  up\n');
    assert.deepEqual(t.rows[0]?.cells, { name: 'longername', state: 'up' });
  });

  void it('throws ParseError (naming the line) for a row that does not line up', () => {
    assert.throws(() => parseTable('a   b   c\n1 2 3 4 5\n', ctx), (e: unknown) =>
      e instanceof ParseError && e.line === '1 2 3 4 5' && e.message.startsWith('r2: ') && e.message.includes('show test'));
  });

  void it('throws ParseError for a fancy row with the wrong number of cells', () => {
    const text = ' |~~~|~~~|\n | a | b |\n |---|---|\n | 1 |\n |___|___|\n';
    assert.throws(() => parseTable(text, ctx), /row has 1 cells, the header has 2/);
  });

  void it('throws ParseError for text after the table and for empty output', () => {
    assert.throws(() => parseTable('a  b\n1  2\n\ntrailing junk\n', ctx), ParseError);
    assert.throws(() => parseTable(' |~|\n | a |\n |_|\n oops\n', ctx), ParseError);
    assert.throws(() => parseTable('\n\n', ctx), /empty output/);
  });
});

void describe('parseUptime', () => {
  void it('reads hh:mm:ss and 1d2h styles', () => {
    assert.equal(parseUptime('00:01:08', ctx, ''), 68);
    assert.equal(parseUptime('12:00:00', ctx, ''), 43200);
    assert.equal(parseUptime('1d2h', ctx, ''), 93600);
    assert.equal(parseUptime('2w3d', ctx, ''), 17 * 86400);
    assert.equal(parseUptime('1y', ctx, ''), 365 * 86400);
  });
  void it('rejects anything else', () => {
    for (const bad of ['', 'never', '1:2', '00:61:00', '5x']) assert.throws(() => parseUptime(bad, ctx, bad), ParseError);
  });
});

void describe('parsePvrpSummary', () => {
  void it('reads the newer plain format (other column, "6+0" counts)', () => {
    const n = parsePvrpSummary(fx('r2-pvrp4-sum.txt'), 'ipv4', ctx);
    assert.equal(n.length, 4);
    assert.deepEqual(n[0], {
      afi: 'ipv4', iface: 'ethernet1.11', routerId: '4.4.4.1', name: 'r1', peerIface: 'ethernet1.11',
      peer: '1.1.1.1', learned: 6, advertised: 8, uptimeSec: 68,
    });
    assert.deepEqual(n.map((x) => x.advertised), [8, 6, 7, 7]);
    const v6 = parsePvrpSummary(fx('r2-pvrp6-sum.txt'), 'ipv6', ctx);
    assert.deepEqual(v6.map((x) => [x.peer, x.learned, x.advertised]), [
      ['1234:1::1', 5, 8], ['1234:21::1', 5, 5], ['1234:2::2', 7, 8], ['1234:22::2', 7, 7],
    ]);
  });

  void it('reads the seed fancy format, with "null" names before convergence', () => {
    const v4 = parsePvrpSummary(fx('seed-pvrp4-sum-fancy.txt'), 'ipv4', ctx);
    assert.deepEqual(v4.map((x) => [x.learned, x.advertised, x.uptimeSec]), [[6, 8, 6], [6, 6, 6], [6, 7, 6], [6, 7, 6]]);
    const v6 = parsePvrpSummary(fx('seed-pvrp6-sum-fancy.txt'), 'ipv6', ctx);
    assert.equal(v6[1]?.name, null);
    assert.equal(v6[1]?.peerIface, null);
    assert.equal(v6[1]?.peer, '1234:21::1');
    assert.equal(v6[2]?.uptimeSec, 7);
  });

  void it('lists only the live neighbours after a link cut', () => {
    const n = parsePvrpSummary(fx('r2-pvrp4-sum-after-shutdown.txt'), 'ipv4', ctx);
    assert.deepEqual(n.map((x) => x.iface), ['ethernet1.22', 'ethernet2.11', 'ethernet2.22']);
    assert.equal(n[0]?.uptimeSec, 5 * 60 + 34);
  });

  void it('throws ParseError when a column is missing or a count is not a number', () => {
    assert.throws(() => parsePvrpSummary('iface  router\nx      y\n', 'ipv4', ctx), /lacks column\(s\) name, peerif/);
    const bad = fx('r2-pvrp4-sum.txt').replace('6+0      8+0', 'six      8+0');
    assert.throws(() => parsePvrpSummary(bad, 'ipv4', ctx), /learned "six" is not a count/);
  });
});

void describe('parseRouteTable', () => {
  void it('reads show ipv4 route v1 (plain): codes, distance/metric, null hops, ECMP', () => {
    const r = parseRouteTable(fx('r2-route4-v1.txt'), { afi: 'ipv4', vrf: 'v1' }, ctx);
    assert.equal(r.length, 21);
    assert.deepEqual(r[0], {
      afi: 'ipv4', vrf: 'v1', prefix: '1.1.1.0/30', protocol: 'connected', vendorType: 'C',
      distance: 0, metric: 0, iface: 'ethernet1.11', nextHop: null, ageSec: 74,
    });
    assert.equal(r[1]?.protocol, 'local');
    const ex = r.find((e) => e.prefix === '2.2.2.1/32');
    assert.deepEqual(ex && { p: ex.protocol, x: ex.external, d: ex.distance, m: ex.metric, h: ex.nextHop },
      { p: 'pvrp', x: true, d: 80, m: 10, h: '1.1.1.1' });
    const groups = groupRoutes(r);
    assert.equal(groups.find((g) => g.prefix === '1.1.1.8/30')?.paths.length, 4);
    assert.equal(groups.find((g) => g.prefix === '2.2.2.3/32')?.paths.length, 2);
  });

  void it('gives the same entries from the fancy and the plain format (apart from ages)', () => {
    for (const afi of ['4', '6'] as const) {
      const a = parseRouteTable(fx(`r2-route${afi}-v1.txt`), { afi: afi === '4' ? 'ipv4' : 'ipv6', vrf: 'v1' }, ctx);
      const b = parseRouteTable(fx(`r2-route${afi}-v1-fancy.txt`), { afi: afi === '4' ? 'ipv4' : 'ipv6', vrf: 'v1' }, ctx);
      const strip = (x: typeof a) => x.map(({ ageSec: _a, ...rest }) => rest);
      assert.deepEqual(strip(a), strip(b));
    }
  });

  void it('reads the seed IPv6 table (three paths, captured before convergence)', () => {
    const r = parseRouteTable(fx('seed-route6-v1-fancy.txt'), { afi: 'ipv6', vrf: 'v1' }, ctx);
    const g = groupRoutes(r).find((x) => x.prefix === '1234:3::/32');
    assert.deepEqual(g?.paths, [
      { iface: 'ethernet1.11', nextHop: '1234:1::1' },
      { iface: 'ethernet1.22', nextHop: '1234:21::1' },
      { iface: 'ethernet2.22', nextHop: '1234:22::2' },
    ]);
  });

  void it('after the link cut, IPv6 ECMP shrinks to the live paths', () => {
    const r = parseRouteTable(fx('r2-route6-v1-after-shutdown.txt'), { afi: 'ipv6', vrf: 'v1' }, ctx);
    const g = groupRoutes(r);
    assert.equal(g.find((x) => x.prefix === '1234:3::/32')?.paths.length, 3);
    assert.equal(g.find((x) => x.prefix === '4321::1/128')?.paths.length, 1);
    assert.ok(!r.some((e) => e.nextHop === '1234:1::1'));
  });

  void it('reads the PVRP table: "null" typ = learned, not installed', () => {
    const r = parseRouteTable(fx('r2-pvrp4-route.txt'), { afi: 'ipv4', owner: 'pvrp' }, ctx);
    const n = r.filter((e) => e.installed === false);
    assert.equal(n.length, 12);
    assert.ok(n.every((e) => e.protocol === 'pvrp' && e.distance === 80 && e.metric === 10));
    assert.equal(r.find((e) => e.prefix === '2.2.2.2/32')?.protocol, 'connected');
    const seed = parseRouteTable(fx('seed-pvrp4-route-fancy.txt'), { afi: 'ipv4', owner: 'pvrp' }, ctx);
    assert.equal(seed.length, 17);
  });

  void it('throws ParseError for "null" outside a protocol table and for unknown codes', () => {
    assert.throws(() => parseRouteTable(fx('r2-pvrp4-route.txt'), { afi: 'ipv4' }, ctx), /"null" outside a protocol table/);
    const bad = fx('r2-route4-v1.txt').replace('LOC   1.1.1.2/32', 'ZZZ   1.1.1.2/32');
    assert.throws(() => parseRouteTable(bad, { afi: 'ipv4' }, ctx), /unknown route type "ZZZ"/);
    const flag = fx('r2-route4-v1.txt').replace('P EX  2.2.2.1/32', 'P XX  2.2.2.1/32');
    assert.throws(() => parseRouteTable(flag, { afi: 'ipv4' }, ctx), /unknown route type flag "XX"/);
  });
});

void describe('parseInterfacesSummary', () => {
  void it('reads states and counters', () => {
    const i = parseInterfacesSummary(fx('r1-interfaces-summary.txt'), ctx);
    assert.equal(i.length, 7);
    assert.deepEqual(i.find((x) => x.name === 'ethernet1.11'), { name: 'ethernet1.11', state: 'admin', tx: 12244, rx: 11778, drops: 0 });
    assert.equal(i.filter((x) => x.state === 'up').length, 6);
  });
  void it('rejects an unknown state', () => {
    const bad = fx('r1-interfaces-summary.txt').replace('admin', 'weird');
    assert.throws(() => parseInterfacesSummary(bad, ctx), /interface state "weird"/);
  });
});

void describe('parsePing', () => {
  void it('reads the result line', () => {
    assert.deepEqual(parsePing(fx('r2-ping-2.2.2.1.txt'), '2.2.2.1', ctx), {
      target: '2.2.2.1', sent: 5, received: 5, lost: 0, successPct: 100, rttMin: 0, rttAvg: 0.3, rttMax: 2,
    });
    assert.equal(parsePing(fx('r2-ping-4321-3.txt'), '4321::3', ctx).received, 5);
  });
  void it('reads a failed ping', () => {
    const text = 'pinging 9.9.9.9, src=2.2.2.2, vrf=v1\n.....\nresult=0.0%, recv/sent/lost/err=0/5/5/0, took 5000, min/avg/max/dev rtt=0/0.0/0/0.0\n';
    const r = parsePing(text, '9.9.9.9', ctx);
    assert.deepEqual([r.successPct, r.received, r.lost, r.rttAvg], [0, 0, 5, undefined]);
  });
  void it('throws ParseError without a result line', () => {
    assert.throws(() => parsePing('% no route\n', '1.1.1.1', ctx), (e: unknown) => e instanceof ParseError && e.line === '% no route');
  });
});

void describe('parseTraceroute', () => {
  // freeRtr prints a header, then one line per hop (synthetic sample in that format).
  const text = [
    'tracing 2.2.2.3, src=2.2.2.1, vrf=v1, prt=0, tim=1000, tos=0, flow=0, len=64',
    '1 1.1.1.2 time=1',
    '2 null time=1000',
    '3 2.2.2.3 time=0',
  ].join('\n');

  void it('reads hops, null hops and whether the target was reached', () => {
    assert.deepEqual(parseTraceroute(text, '2.2.2.3', ctx), {
      target: '2.2.2.3',
      hops: [{ ttl: 1, address: '1.1.1.2', rttMs: 1 }, { ttl: 2, address: null }, { ttl: 3, address: '2.2.2.3', rttMs: 0 }],
      reached: true,
    });
    assert.equal(parseTraceroute('1 1234:1::1 time=2\n2 null\n', '4321::3', ctx).reached, false);
  });

  void it('never skips a line it cannot read', () => {
    assert.throws(() => parseTraceroute(`${text}\nsomething odd`, '2.2.2.3', ctx), (e: unknown) => e instanceof ParseError && e.line === 'something odd');
    assert.throws(() => parseTraceroute('1 not-an-ip time=1\n', 'x', ctx), /is not an IP address/);
    assert.throws(() => parseTraceroute('2 1.1.1.1 time=1\n1 1.1.1.2 time=1\n', 'x', ctx), /hop 1 after hop 2/);
    assert.throws(() => parseTraceroute('tracing 1.1.1.1\n', 'x', ctx), /no hop lines/);
  });
});
