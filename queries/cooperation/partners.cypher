// name: partners
// title: A state's partners and through what
// pack: cooperation
// description: The actors a state is tied to directly (MoUs, dialogues, cooperation, capacity building, funding, rivalry) and the states it shares a membership, party or participation with, each with the mechanism that links them. Proposals are left out.
// param: state (state, default SG): the state, by ISO code, English or Chinese name, or alias
// columns: partner, partner_name, through, tie, sources
MATCH (s:Country {id: $state})
CALL {
  WITH s
  MATCH (s)-[r:MOU_WITH|DIALOGUE_WITH|COOPERATES_WITH|BUILDS_CAPACITY|FUNDS|RIVALS]-(p:Entity)
  WHERE NOT r.proposal
  RETURN p, 'direct' AS through, type(r) AS tie, r.sources AS sources
  UNION
  WITH s
  MATCH (s)-[r1:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]->(m:Entity)<-[r2:MEMBER_OF|PARTY_TO|PARTICIPATES_IN]-(p:Country)
  WHERE p <> s AND NOT r1.proposal AND NOT r2.proposal
    AND coalesce(r1.status, '') <> 'applicant' AND coalesce(r2.status, '') <> 'applicant'
  RETURN p, m.id AS through, type(r1) AS tie, r1.sources + [x IN r2.sources WHERE NOT x IN r1.sources] AS sources
}
RETURN p.id AS partner, p.name AS partner_name, through, tie, sources
ORDER BY partner, through, tie
