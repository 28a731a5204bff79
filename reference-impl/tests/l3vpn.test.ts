/**
 * Issue 3's acceptance beyond the document: the VRP "BFD for static VPN routes" design (OSPF, LDP,
 * MP-IBGP VPNv4, BFD, static routes tracking BFD) on other node names, addresses, AS, RDs, RTs,
 * VPN instance and interface layout (l3vpn-lab.ts), then through failures the document does not
 * show: the CE's other link shut, a PE losing its core link, and a silent (lossy, carrier up)
 * CE-PE link that only BFD can see. One lab converges once; each sub-test restores what it broke.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../lab';
import { MS, SEC } from '../sim/scheduler';
import { CE_LOOPBACK, LOOPBACK, N, VPN, best, bfdRows, bgpPeers, cli, createLab, ldpPeers, nextHops, type } from './l3vpn-lab';

const CE_LO = `${CE_LOOPBACK}/32`;
const PES = [N.pe1, N.pe2, N.pe3];
const PE_LO: Record<string, string> = { [N.pe1]: LOOPBACK.pe1, [N.pe2]: LOOPBACK.pe2, [N.pe3]: LOOPBACK.pe3 };
/** The CE-facing addresses of the dual-homing PEs and the CE's own on each link. */
const PE1_CE = '192.168.11.254';
const PE2_CE = '192.168.21.254';
const CE_TO_PE1 = '192.168.11.10';
const CE_TO_PE2 = '192.168.21.10';

const esc = (a: string) => a.replace(/\./g, '\\.');
const secs = (hms: string) => hms.split(':').reduce((a, x) => a * 60 + Number(x), 0);

/** Everything the document checks once converged, on this lab's names and numbers. */
async function assertSteady(lab: Lab): Promise<void> {
  // OSPF: every PE has an OSPF route to both other loopbacks, cost 2 (link 1 + loopback stub 1).
  for (const pe of PES) {
    for (const other of PES.filter((x) => x !== pe)) {
      const r = best(lab, pe, '', `${PE_LO[other]}/32`);
      assert.equal(r?.code, 'O', `${pe}: OSPF route to ${other}'s loopback`);
      assert.equal(r.metric, 2, `${pe} -> ${other}`);
      assert.equal(r.paths.length, 1);
    }
    const peers = await cli(lab, pe, 'display ospf peer brief');
    assert.equal([...peers.matchAll(/ Full\s*$/gm)].length, 2, `${pe}:\n${peers}`);
    // LDP: a session with each other PE, Operational.
    const ldp = ldpPeers(await cli(lab, pe, 'display mpls ldp session'));
    assert.deepEqual([...ldp.entries()].sort(), PES.filter((x) => x !== pe).map((x) => [PE_LO[x], 'Operational']), pe);
    // BGP: both IBGP peers Established in the unicast and the VPNv4 families.
    for (const cmd of ['display bgp peer', 'display bgp vpnv4 all peer']) {
      const bgp = bgpPeers(await cli(lab, pe, cmd));
      for (const other of PES.filter((x) => x !== pe)) {
        assert.equal(bgp.get(PE_LO[other])?.state, 'Established', `${pe} ${cmd} ${other}`);
        assert.equal(bgp.get(PE_LO[other])?.as, 65000);
      }
    }
  }
  const ebgp = bgpPeers(await cli(lab, N.ce2, 'display bgp peer')).get('192.168.30.1');
  assert.equal(ebgp?.state, 'Established');
  assert.equal(ebgp.as, 65000);

  // BFD: one session per CE link, Up on both ends, each end's Remote the other's Local.
  const ce = bfdRows(await cli(lab, N.ce1, 'display bfd session all'));
  assert.equal(ce.length, 2);
  for (const [pe, peAddr, ceAddr] of [[N.pe1, PE1_CE, CE_TO_PE1], [N.pe2, PE2_CE, CE_TO_PE2]]) {
    const rows = bfdRows(await cli(lab, pe, 'display bfd session all'));
    assert.equal(rows.length, 1, pe);
    const p = rows[0];
    const c = ce.find((x) => x.peer === peAddr);
    assert.ok(c, `${N.ce1} has a session to ${peAddr}`);
    assert.equal(p.peer, ceAddr);
    assert.equal(p.state, 'Up', pe);
    assert.equal(c.state, 'Up', `${N.ce1} -> ${pe}`);
    assert.ok(p.local >= 8192 && c.local >= 8192, 'auto discriminators come from the dynamic range');
    assert.equal(p.remote, c.local, `${pe} learned ${N.ce1}'s discriminator`);
    assert.equal(c.remote, p.local, `${N.ce1} learned ${pe}'s discriminator`);
    // The static route tracking that session is in the PE's VPN instance.
    const st = best(lab, pe, VPN, CE_LO);
    assert.equal(st?.code, 'S', pe);
    assert.deepEqual(nextHops(lab, pe, VPN, CE_LO), [ceAddr]);
  }
  assert.notEqual(ce[0].local, ce[1].local, 'one discriminator per session on the CE');

  // The far PE: the CE loopback over both PEs (maximum load-balancing 2); the CE: both defaults.
  assert.equal(best(lab, N.pe3, VPN, CE_LO)?.code, 'B');
  assert.deepEqual(nextHops(lab, N.pe3, VPN, CE_LO), [LOOPBACK.pe1, LOOPBACK.pe2]);
  const vrf = await cli(lab, N.pe3, `display ip routing-table vpn-instance ${VPN}`);
  assert.match(vrf, new RegExp(`^ +${esc(CE_LOOPBACK)}/32 +IBGP +255 +0 +RD +10\\.255\\.0\\.1 +GigabitEthernet0/2/0\\n +IBGP +255 +0 +RD +10\\.255\\.0\\.2 +GigabitEthernet0/3/0$`, 'm'), vrf);
  assert.deepEqual(nextHops(lab, N.ce1, '', '0.0.0.0/0'), [PE1_CE, PE2_CE]);
  assert.equal(best(lab, N.ce2, '', CE_LO)?.code, 'B');
}

/** Five echo replies from the far CE to the dual-homed CE's loopback. */
async function assertPing(lab: Lab, dst = CE_LOOPBACK): Promise<void> {
  const out = await cli(lab, N.ce2, `ping ${dst}`);
  assert.match(out, /5 packet\(s\) received\n {4}0\.00% packet loss/, out);
}

void describe(`VRP L3VPN with BFD-tracked static routes: ${N.ce1} dual-homed to ${N.pe1}/${N.pe2}, ${N.ce2} on ${N.pe3}`, () => {
  let lab: Lab;
  before(async () => {
    lab = await createLab(Number(process.env.L3VPN_SEED ?? 11));
    const converged = () => nextHops(lab, N.pe3, VPN, CE_LO).length === 2 && best(lab, N.ce2, '', CE_LO) !== undefined;
    assert.ok(lab.sched.runUntilCondition(converged, 300 * SEC), 'converged within 300 s of virtual time');
    lab.sched.runFor(10 * SEC);
  });
  after(() => lab.stop());

  void test('converged: OSPF, LDP, BGP, BFD up; the far PE load-balances over both PEs; the far CE reaches the loopback', async () => {
    await assertSteady(lab);
    await assertPing(lab);
    const tr = await cli(lab, N.ce2, `tracert ${CE_LOOPBACK}`);
    const hops = [...tr.matchAll(/^ (\d+) (\d+\.\d+\.\d+\.\d+)/gm)].map((m) => [Number(m[1]), m[2]]);
    assert.equal(hops.length, 3, tr);
    assert.deepEqual(hops[0], [1, '192.168.30.1']);
    // Hop 2 is the PE the packet left the core on, hop 3 the CE's address on that link.
    const pair = hops[1][1] === PE1_CE ? CE_TO_PE1 : CE_TO_PE2;
    assert.ok([PE1_CE, PE2_CE].includes(hops[1][1] as string), tr);
    assert.equal(hops[2][1], pair, tr);
    assert.match(tr, /^ 2 \S+ < AS=65000 >/m);
    // The other way, the CE's per-packet load balancing shows at the first hop: both PEs answer.
    const back = await cli(lab, N.ce1, 'tracert 192.168.30.2');
    const hop1 = /^ 1 (.*)$/m.exec(back)?.[1] ?? '';
    assert.ok(hop1.includes(PE1_CE) && hop1.includes(PE2_CE), back);
    assert.match(back, /^ 3 192\.168\.30\.2 /m);
  });

  void test(`${N.ce1} shuts its link to ${N.pe2}: that BFD session goes Down, only ${N.pe1} carries the VPN; undo shutdown restores both`, async () => {
    const ifShut = (cmd: string) => type(lab, N.ce1, ['system-view', 'interface GigabitEthernet0/1/0', cmd, 'commit', 'return']);
    for (const o of await ifShut('shutdown')) assert.doesNotMatch(o, /Error/);
    assert.ok(lab.sched.runUntilCondition(() => nextHops(lab, N.pe3, VPN, CE_LO).length === 1, lab.sched.now + 300 * SEC), 'the far PE drops the path via PE2');
    lab.sched.runFor(5 * SEC);
    const pe2 = bfdRows(await cli(lab, N.pe2, 'display bfd session all'));
    assert.equal(pe2.length, 1);
    assert.equal(pe2[0].state, 'Down', `${N.pe2}'s session to ${CE_TO_PE2}`);
    assert.equal(best(lab, N.pe2, VPN, CE_LO)?.code, 'B', `${N.pe2} now reaches the CE loopback through ${N.pe1} (its static route is gone)`);
    assert.deepEqual(nextHops(lab, N.pe2, VPN, CE_LO), [LOOPBACK.pe1]);
    assert.equal(bfdRows(await cli(lab, N.pe1, 'display bfd session all'))[0].state, 'Up');
    assert.equal(best(lab, N.pe1, VPN, CE_LO)?.code, 'S');
    assert.deepEqual(nextHops(lab, N.pe3, VPN, CE_LO), [LOOPBACK.pe1]);
    assert.deepEqual(nextHops(lab, N.ce1, '', '0.0.0.0/0'), [PE1_CE]);
    const ce = bfdRows(await cli(lab, N.ce1, 'display bfd session all'));
    assert.equal(ce.find((r) => r.peer === PE2_CE)?.state, 'Down');
    assert.equal(ce.find((r) => r.peer === PE1_CE)?.state, 'Up');
    await assertPing(lab);
    const back = await cli(lab, N.ce1, 'tracert 192.168.30.2');
    assert.match(back, new RegExp(`^ 1 ${esc(PE1_CE)} \\d+ ms  \\d+ ms  \\d+ ms$`, 'm'), back); // PE1 alone
    const tr = await cli(lab, N.ce2, `tracert ${CE_LOOPBACK}`);
    assert.match(tr, new RegExp(`^ 2 ${esc(PE1_CE)} .*\n 3 ${esc(CE_TO_PE1)} `, 'm'), tr);

    for (const o of await ifShut('undo shutdown')) assert.doesNotMatch(o, /Error/);
    assert.ok(lab.sched.runUntilCondition(() => nextHops(lab, N.pe3, VPN, CE_LO).length === 2, lab.sched.now + 300 * SEC), 'the far PE has both paths again');
    lab.sched.runFor(5 * SEC);
    await assertSteady(lab);
  });

  void test(`${N.pe1} loses its core link to ${N.pe3}: OSPF reroutes via ${N.pe2}, LDP follows, BGP and the VPN stay up`, async () => {
    const pe1Net = '192.168.11.0/24'; // advertised by P-EDGE-1 alone
    const before = best(lab, N.pe3, VPN, pe1Net)!;
    assert.equal(before.paths.length, 1);
    assert.equal(before.paths[0].labels?.length, 1, 'next to the egress PE: the VPN label alone (LDP implicit null)');
    const vpnLabel = before.paths[0].labels![0];
    const upBefore = secs(bgpPeers(await cli(lab, N.pe3, 'display bgp vpnv4 all peer')).get(LOOPBACK.pe1)!.upDown);
    const cut = lab.sched.now;
    lab.setLink(N.pe1, N.pe3, { up: false });
    // Carrier loss: both ends see their interface go down and run SPF at once (RFC 2328 10.3, 16).
    assert.ok(lab.sched.runUntilCondition(() => best(lab, N.pe3, '', `${LOOPBACK.pe1}/32`)?.metric === 3, cut + 10 * SEC), 'OSPF reroutes');
    lab.sched.runFor(30 * SEC);
    for (const [from, to, via] of [[N.pe3, LOOPBACK.pe1, '172.16.23.1'], [N.pe1, LOOPBACK.pe3, '172.16.12.2']]) {
      const r = best(lab, from, '', `${to}/32`);
      assert.equal(r?.code, 'O');
      assert.equal(r.metric, 3, `${from} -> ${to} now crosses ${N.pe2}: 1 + 1 + the loopback's 1`);
      assert.deepEqual(nextHops(lab, from, '', `${to}/32`), [via]);
    }
    // LDP: the PE1-PE3 session had only the cut link's hello adjacency (no targeted hellos), so it
    // is gone; both keep their sessions with PE2, whose label for PE1's FEC now carries the VPN.
    assert.deepEqual([...ldpPeers(await cli(lab, N.pe3, 'display mpls ldp session')).entries()], [[LOOPBACK.pe2, 'Operational']]);
    assert.deepEqual([...ldpPeers(await cli(lab, N.pe1, 'display mpls ldp session')).entries()], [[LOOPBACK.pe2, 'Operational']]);
    assert.equal(ldpPeers(await cli(lab, N.pe2, 'display mpls ldp session')).size, 2);
    const during = best(lab, N.pe3, VPN, pe1Net)!;
    assert.deepEqual(nextHops(lab, N.pe3, VPN, pe1Net), [LOOPBACK.pe1]);
    assert.equal(during.paths[0].iface.name, 'GigabitEthernet0/3/0', `out towards ${N.pe2}`);
    assert.equal(during.paths[0].labels?.length, 2, 'LDP label for PE1 pushed over the VPN label');
    assert.equal(during.paths[0].labels![1], vpnLabel);
    // BGP ECMP needs equal IGP costs to the next hops (VRP's load-balancing rule): PE2 (2) beats PE1 (3).
    assert.deepEqual(nextHops(lab, N.pe3, VPN, CE_LO), [LOOPBACK.pe2]);
    // The IBGP sessions run between loopbacks: they never reset.
    const elapsed = (lab.sched.now - cut) / SEC;
    for (const pe of [N.pe1, N.pe2]) {
      const p = bgpPeers(await cli(lab, N.pe3, 'display bgp vpnv4 all peer')).get(PE_LO[pe])!;
      assert.equal(p.state, 'Established', pe);
      assert.equal(p.prefRcv, 2, pe);
    }
    const upAfter = secs(bgpPeers(await cli(lab, N.pe3, 'display bgp vpnv4 all peer')).get(LOOPBACK.pe1)!.upDown);
    assert.ok(upAfter >= upBefore + Math.floor(elapsed), `Up/Down ${upBefore} s -> ${upAfter} s over ${elapsed} s`);
    await assertPing(lab);
    await assertPing(lab, CE_TO_PE1); // only through PE1, over the rerouted LSP

    lab.setLink(N.pe1, N.pe3, { up: true });
    assert.ok(lab.sched.runUntilCondition(() => best(lab, N.pe3, '', `${LOOPBACK.pe1}/32`)?.metric === 2 && nextHops(lab, N.pe3, VPN, CE_LO).length === 2, lab.sched.now + 300 * SEC), 'the direct path is back');
    assert.ok(lab.sched.runUntilCondition(() => best(lab, N.pe3, VPN, pe1Net)?.paths[0].labels?.length === 1, lab.sched.now + 120 * SEC), 'LDP session back: PHP again');
    lab.sched.runFor(20 * SEC);
    await assertSteady(lab);
  });

  void test(`silent failure between ${N.ce1} and ${N.pe2} (carrier up, every frame lost): BFD alone sees it within 40 ms`, async () => {
    let gone: number | undefined;
    const stop = lab.watchRoute(N.pe2, VPN, CE_LO, (t, code) => {
      if (code !== 'S' && gone === undefined) gone = t;
    });
    const t0 = lab.sched.now;
    lab.setLink(N.pe2, N.ce1, { loss: 1 });
    assert.ok(lab.sched.runUntilCondition(() => gone !== undefined, t0 + 1 * SEC), 'the static route goes');
    stop();
    const ms = (gone! - t0) / MS;
    // Detection time = remote Detect Mult (3) x the agreed interval (10 ms), counted from the
    // last packet received (RFC 5880 6.8.4): 20-30 ms after the loss starts, never above 40.
    assert.ok(ms > 15 && ms <= 40, `detected after ${ms} ms`);
    assert.ok(lab.node(N.pe2).node.ifaces.get('GigabitEthernet0/4/0')!.up, 'the interface stayed up');
    lab.sched.runFor(5 * SEC);
    assert.equal(bfdRows(await cli(lab, N.pe2, 'display bfd session all'))[0].state, 'Down');
    assert.equal(bfdRows(await cli(lab, N.ce1, 'display bfd session all')).find((r) => r.peer === PE2_CE)?.state, 'Down');
    assert.deepEqual(nextHops(lab, N.pe2, VPN, CE_LO), [LOOPBACK.pe1], `${N.pe2} now goes through ${N.pe1}`);
    assert.deepEqual(nextHops(lab, N.pe3, VPN, CE_LO), [LOOPBACK.pe1]);
    // The CE's defaults track nothing in this configuration: with carrier up, both stay.
    assert.deepEqual(nextHops(lab, N.ce1, '', '0.0.0.0/0'), [PE1_CE, PE2_CE]);

    lab.setLink(N.pe2, N.ce1, { loss: 0 });
    assert.ok(lab.sched.runUntilCondition(() => best(lab, N.pe2, VPN, CE_LO)?.code === 'S' && nextHops(lab, N.pe3, VPN, CE_LO).length === 2, lab.sched.now + 60 * SEC), 'BFD back up, route back');
    lab.sched.runFor(5 * SEC);
    await assertSteady(lab);
  });
});
