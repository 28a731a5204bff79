/**
 * `display version`: the emulated platform's identity and the node's uptime from the lab's
 * virtual clock, in the NE40E V8 layout (`HUAWEI NE40E uptime is 0 days, 2 hours, 35
 * minutes`). The platform is a constant: the reference router emulates one NE40E release.
 */
import type { Node } from '../../net/node';

export const VRP_PLATFORM = {
  software: 'Version 8.180 (NE40E V800R011C10SPC100)',
  copyright: 'Copyright (C) 2012-2019 Huawei Technologies Co., Ltd.',
  model: 'HUAWEI NE40E',
};

/** "0 days, 2 hours, 35 minutes" */
export function fmtUptime(us: number): string {
  let m = Math.max(0, Math.floor(us / 60_000_000));
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${unit(d, 'day')}, ${unit(Math.floor(m / 60), 'hour')}, ${unit(m % 60, 'minute')}`;
}

export function displayVersion(node: Node): string {
  return [
    'Huawei Versatile Routing Platform Software',
    `VRP (R) software, ${VRP_PLATFORM.software}`,
    VRP_PLATFORM.copyright,
    `${VRP_PLATFORM.model} uptime is ${fmtUptime(node.sched.now)}`,
    '',
  ].join('\n');
}
