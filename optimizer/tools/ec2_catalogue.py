#!/usr/bin/env python3
"""Builds optimizer/src/main/resources/dev/tap/optimizer/pricing/ec2-catalogue.csv.gz (see ec2-catalogue.md).

Usage: python3 optimizer/tools/ec2_catalogue.py ../shared/data/aws_prices OUT.csv.gz

Inputs (public, read in place, never copied):
  karpenter_ec2_ondemand_linux_per_hour.csv              on-demand Linux USD/h, generated 2026-07-20 (Apache-2.0)
  ec2instances_info_ec2_ondemand_spot_2024-04-04.json    vCPU, memory, architecture, current generation, on-demand USD/h (MIT)

Rows:  T,type,vcpu,memoryGib,networkGbps,ebsGbps,arch,generation,current,specSource   (specSource: table | derived)
       P,region,type,usdPerHour,source                                              (source: k = Karpenter, e = ec2instances.info)
Specs of types newer than the 2024 table are derived from the size ladder and the family's
memory per vCPU only where every generation-6+ family of the same class (and processor letter)
in the table has one ratio; other new types (accelerated, high-memory) get prices without specs.
Network and EBS baselines are estimates from the generation's per-vCPU baseline (see the .md).
"""
import csv, gzip, json, re, sys
from collections import defaultdict

NAME = re.compile(r'^([a-z]+)(\d+)([a-z\-]*)\.(.+)$')
T_NETWORK = {'nano': .032, 'micro': .064, 'small': .128, 'medium': .256, 'large': .512, 'xlarge': 1.024, '2xlarge': 2.048}


def parse(t):
    m = NAME.match(t)
    return (m.group(1), int(m.group(2)), m.group(3), m.group(4)) if m else None


def ladder_vcpu(size):
    """medium 1, large 2, xlarge 4, Nxlarge 4N, metal-Nxl 4N: the EC2 size ladder (exact for non-burstable types)."""
    if size == 'medium': return 1
    if size == 'large': return 2
    if size == 'xlarge': return 4
    m = re.match(r'^(\d+)xlarge$', size) or re.match(r'^metal-(\d+)xl$', size)
    return 4 * int(m.group(1)) if m else None


def network_gbps(t, vcpu):
    p = parse(t)
    if not p or not vcpu: return 0.0
    cls, gen, suffix, size = p
    if cls == 't': return T_NETWORK.get(size, 0.256)
    if gen <= 4 or cls == 'a': per = 0.15625
    elif gen == 5: per = 0.3125
    elif gen == 6 or (gen == 7 and 'g' not in suffix): per = 0.390625
    else: per = 0.46875
    g = max(per * vcpu, 0.75 if gen == 5 else 0)
    if 'n' in suffix: g *= 4
    return round(min(g, 200.0 if 'n' in suffix else 100.0), 3)


def ebs_gbps(t, vcpu):
    p = parse(t)
    if not p or not vcpu: return 0.0
    cls, gen, suffix, size = p
    per = 0.125 if gen <= 4 or cls == 'a' else 0.2875 if gen == 5 or cls == 't' else 0.3125
    return round(min(per * vcpu, 100.0), 3)


def main(src, out):
    info = json.load(open(f'{src}/ec2instances_info_ec2_ondemand_spot_2024-04-04.json'))['data']
    spec, prices = {}, {}
    for x in info:
        t = x['instance-type']
        spec[t] = (x['vCPU'], float(x['memory']), 'arm64' if x['arch'] in ('arm64', 'aarch64') else 'x86_64', bool(x['current-generation']))
        if x.get('ondemand') not in (None, '', 'N/A') and float(x['ondemand']) > 0:
            prices[(x['region'], t)] = (float(x['ondemand']), 'e')
    karpenter = [r for r in csv.DictReader(open(f'{src}/karpenter_ec2_ondemand_linux_per_hour.csv')) if r['currency'] == 'USD']
    for r in karpenter:
        if float(r['ondemand_price_per_hour']) > 0:
            prices[(r['region'], r['instance_type'])] = (float(r['ondemand_price_per_hour']), 'k')  # newer: wins

    # memory per vCPU of generation-6+ families in the table, by class and by (class, processor letter)
    ratios = defaultdict(set)
    for t, (v, m, a, c) in spec.items():
        p = parse(t)
        if p and v and p[1] >= 6 and not p[3].startswith('metal'):
            ratios[p[0]].add(m / v)
            ratios[(p[0], p[2][:1])].add(m / v)

    rows = []
    for t in sorted({t for _, t in prices} | set(spec)):
        p = parse(t)
        gen = p[1] if p else 0
        if t in spec:
            v, m, a, cur = spec[t]
            source = 'table'
        else:
            v = ladder_vcpu(p[3]) if p else None
            r = ratios.get((p[0], p[2][:1])) if p else None
            if not r or len(r) != 1: r = ratios.get(p[0]) if p and p[0] in ('c', 'm', 'r') else None
            if v is None or not r or len(r) != 1:
                v, m, a, source = 0, 0.0, '', 'none'
            else:
                m, source = v * next(iter(r)), 'derived'
                a = 'arm64' if 'g' in p[2][:1] else 'x86_64'
            cur = True  # newer than the 2024 table: current generation
        rows.append(['T', t, v, f'{m:g}', f'{network_gbps(t, v):g}', f'{ebs_gbps(t, v):g}', a, gen, 'y' if cur else 'n', source])
    for (region, t), (usd, s) in sorted(prices.items()):
        rows.append(['P', region, t, f'{usd:g}', s])
    with gzip.open(out, 'wt', newline='') as f:
        f.write('# tap-ec2-catalogue/1 dated 2026-07-20; see ec2-catalogue.md\n')
        f.write('# k=karpenter-2026-07-20 e=ec2instances-info-2024-04-04\n')
        w = csv.writer(f, lineterminator='\n')
        w.writerows(rows)
    derived = sum(1 for r in rows if r[0] == 'T' and r[-1] == 'derived')
    none = sum(1 for r in rows if r[0] == 'T' and r[-1] == 'none')
    print(f'{sum(1 for r in rows if r[0] == "T")} types ({derived} derived, {none} without specs), {len(prices)} prices', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
