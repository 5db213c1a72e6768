package relations

import "github.com/newsgraph/newsgraph/ontology"

// actor reports the types that can act: countries, bodies, organizations,
// people and threat groups.
func actor(t ontology.EntityType) bool {
	switch t {
	case ontology.Country, ontology.Agency, ontology.Organization, ontology.Person, ontology.ThreatGroup:
		return true
	}
	return false
}

// official reports the types that speak, judge and sanction (not threat
// groups).
func official(t ontology.EntityType) bool {
	switch t {
	case ontology.Country, ontology.Agency, ontology.Organization, ontology.Person:
		return true
	}
	return false
}

// adapt checks a predicate against the types of its arguments and adapts
// it where the types say so (an agency "affiliated with" its country is
// part_of it; "targets" a vulnerability is exploits); ok is false when the
// pair makes no sense. byVerb marks a claim a verb states: a body a verb
// ties to a state ("is tasked and funded by the Russian State") works for
// it and is no part of it.
func adapt(p ontology.Predicate, s, o ontology.EntityType, byVerb bool) (ontology.Predicate, bool) {
	switch p {
	case ontology.Accuses:
		// an accusation names its actor; the event it is about is the
		// claim's about (no gold annotation accuses an event)
		return p, official(s) && (actor(o) || o == ontology.Malware)
	case ontology.Condemns:
		return p, official(s) && (actor(o) || o == ontology.Event || o == ontology.Malware)
	case ontology.Sanctions:
		return p, official(s) && actor(o)
	case ontology.Charges:
		return p, (s == ontology.Agency || s == ontology.Country || s == ontology.Person) &&
			(o == ontology.Person || o == ontology.ThreatGroup || o == ontology.Organization || o == ontology.Agency)
	case ontology.Denies:
		return p, actor(s) && (actor(o) || o == ontology.Event)
	case ontology.Investigates:
		return p, official(s) && (actor(o) || o == ontology.Event)
	case ontology.Targets:
		if o == ontology.Vulnerability {
			return ontology.Exploits, actor(s) || s == ontology.Malware
		}
		if !actor(s) && s != ontology.Malware && s != ontology.Tool {
			return p, false
		}
		switch o {
		case ontology.Country, ontology.Organization, ontology.Sector, ontology.Agency, ontology.Product,
			ontology.Location, ontology.Person, ontology.ThreatGroup, ontology.Event:
			return p, true
		}
		return p, false
	case ontology.Exploits:
		return p, (actor(s) || s == ontology.Malware || s == ontology.Tool) && (o == ontology.Vulnerability || o == ontology.Product)
	case ontology.Uses:
		if o == ontology.Vulnerability {
			return ontology.Exploits, actor(s)
		}
		switch o {
		case ontology.Malware, ontology.Tool, ontology.AttackPattern, ontology.Product:
			return p, actor(s)
		case ontology.ThreatGroup, ontology.Person, ontology.Organization:
			return p, actor(s) && s != ontology.Person
		}
		return p, false
	case ontology.AttributedTo:
		return p, (s == ontology.Event || s == ontology.ThreatGroup || s == ontology.Malware) && (actor(o) || o == ontology.Malware && s == ontology.Event)
	case ontology.AffiliatedWith:
		if s == ontology.Agency && byVerb && actor(o) {
			return p, true
		}
		if s == ontology.Agency && (o == ontology.Country || o == ontology.Agency) {
			return ontology.PartOf, true
		}
		if s == ontology.Event {
			return ontology.AttributedTo, actor(o)
		}
		return p, (s == ontology.ThreatGroup || s == ontology.Person || s == ontology.Organization) && actor(o)
	case ontology.CooperatesWith:
		return p, official(s) && official(o) && s != ontology.Person && o != ontology.Person
	case ontology.MemberOf:
		if s == ontology.Agency && (o == ontology.Country || o == ontology.Agency) {
			return ontology.PartOf, true
		}
		return p, (s == ontology.Person || s == ontology.ThreatGroup || s == ontology.Country || s == ontology.Agency) &&
			(o == ontology.Organization || o == ontology.Agency || o == ontology.ThreatGroup)
	case ontology.PartOf:
		if s == ontology.Person {
			return ontology.AffiliatedWith, actor(o)
		}
		if s == ontology.ThreatGroup {
			if o == ontology.ThreatGroup {
				return p, true
			}
			return ontology.AffiliatedWith, o == ontology.Agency || o == ontology.Country
		}
		return p, (s == ontology.Agency || s == ontology.Organization) && (o == ontology.Agency || o == ontology.Country || o == ontology.Organization)
	case ontology.Nationality:
		return p, (s == ontology.Person || s == ontology.ThreatGroup || s == ontology.Organization) && o == ontology.Country
	case ontology.LocatedIn:
		return p, s != ontology.Country && (o == ontology.Country || o == ontology.Location)
	}
	return p, true
}
