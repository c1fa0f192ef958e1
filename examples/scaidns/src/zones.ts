// ScaiDNS's own data, not apexproof's: zones (a hosted domain) and which validation is the
// current one of each. A real host keeps these in its database next to its PowerDNS state.

export interface Zone {
  readonly id: string;
  readonly organizationId: string;
  /** The apex, as apexproof normalized it. */
  readonly name: string;
  /** The latest validation created for the zone, if any. */
  validationId: string | null;
}

export function createZones() {
  const zones = new Map<string, Zone>();
  let next = 0;
  return {
    add(organizationId: string, name: string): Zone {
      const zone: Zone = {
        id: `z_${(++next).toString(36)}`,
        organizationId,
        name,
        validationId: null,
      };
      zones.set(zone.id, zone);
      return zone;
    },
    /** The zone if it belongs to the organization: another tenant's zone does not exist. */
    find(organizationId: string, id: string): Zone | null {
      const zone = zones.get(id);
      return zone?.organizationId === organizationId ? zone : null;
    },
  };
}

export type Zones = ReturnType<typeof createZones>;
