/** The node's hardware and software as `show version` names them, from the containerlab topology. */

/** containerlab's SR Linux `type` as the chassis names it: ixrd2 -> `7220 IXR-D2`, ixr6e -> `7250 IXR-6e`. */
export function chassisType(type: string | undefined): string {
  const t = (type ?? 'ixrd2').toLowerCase();
  let m = /^ixr([dh])(\d+)(l?)$/.exec(t);
  if (m) return `7220 IXR-${m[1].toUpperCase()}${m[2]}${m[3].toUpperCase()}`;
  m = /^ixr(\d+)(e?)$/.exec(t);
  if (m) return `7250 IXR-${m[1]}${m[2]}`;
  m = /^ixrx(\d+)(b?)$/.exec(t);
  if (m) return `7250 IXR-X${m[1]}${m[2]}`;
  return t.toUpperCase();
}

/** The software version from the image tag: `ghcr.io/nokia/srlinux:23.3.1` -> `v23.3.1`. */
export function softwareVersion(image: string | undefined): string {
  const tag = image && /:([^:/]+)$/.exec(image)?.[1];
  if (!tag) return 'latest';
  return /^\d+\.\d+(\.\d+)?/.test(tag) ? `v${tag}` : tag;
}
