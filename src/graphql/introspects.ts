import { BREAK, visit, type ASTNode } from 'graphql';

/** Whether a document or operation asks for the schema (`__schema` or `__type`, anywhere in it). */
export function introspects(node: ASTNode): boolean {
  let found = false;
  visit(node, {
    Field(field) {
      if (field.name.value === '__schema' || field.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
