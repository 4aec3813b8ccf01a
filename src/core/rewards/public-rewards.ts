import type { Subject } from './reward-scheme.ts';

/**
 * What the public sees of rewards (issue #19: "personal details of individuals beyond name,
 * position and unit are never public"): published decisions only, and of each recipient the
 * subject, the name, the position (individuals), the unit and the criterion's text. Built field by
 * field from the nomination rather than by deleting fields from it, so a field added to
 * nominations later is private until someone adds it here.
 */
export interface PublicRecipient {
  subject: Subject;
  name: string;
  position?: string;
  unitName: string;
  criterionText: { vi: string; en: string };
}

export interface RecipientSource {
  subject: Subject;
  unitName: string;
  /** For a collective, where the unit lies ("Quận 1"): what its line names beside it. */
  parentName: string | null;
  person: { name: string; position: string } | null;
  criterionText: { vi: string; en: string };
}

export function publicRecipient(n: RecipientSource): PublicRecipient {
  if (n.subject === 'individual' && n.person)
    return { subject: 'individual', name: n.person.name, position: n.person.position, unitName: n.unitName, criterionText: n.criterionText };
  return { subject: 'collective', name: n.unitName, unitName: n.parentName ?? n.unitName, criterionText: n.criterionText };
}
