// visual: evidence-between
MATCH (x:Entity {id: $a})
CALL (x) {
  MATCH (y:Entity {id: $b})
  RETURN y
}
MATCH p = (x)-[r]-(y)
RETURN p
