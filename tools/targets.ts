/**
 * Which workspace objects a perception call is about: the ids given, or all of them.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { getObject, type Workspace, type WorkspaceObject } from "./workspace.ts";

/** The objects a call is about: the given ids, or every object with a box. */
export function targetObjects(ws: Workspace, ids: string[] | undefined): WorkspaceObject[] {
  if (ids?.length) return ids.map((id, i) => getObject(ws, id, `object_ids[${i}]`));
  const all = [...ws.objects.values()];
  if (all.length === 0) {
    throw new InputError("object_ids", "there are no objects yet", "call detect first");
  }
  return all;
}
