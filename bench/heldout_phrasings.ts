/**
 * A held-out check of the parser: phrasings written after the parser was finished and not used
 * to change it, each with the category it should be read as, plus questions outside what the
 * planner answers (which must all be refused). Prints the share read correctly and the refusals.
 *
 * `deno run -A bench/heldout_phrasings.ts`
 */
import { parseQuestion } from "../agent/rules/parse.ts";

const IN_SCOPE: [string, string][] = [
  ["Which of these two is nearer the camera: the cat or the couch?", "location_closer_to_camera"],
  ["Is the cat closer to us than the couch is?", "location_closer_to_camera"],
  ["Between the bus and the car, which is further from the camera?", "location_closer_to_camera"],
  ["Does the kite sit higher than the tree-top person?", "height_higher"],
  ["Is the clock hanging above the tv?", "location_above"],
  ["Is the cat under the table?", "location_above"],
  ["Is the bottle on the table?", "location_above"],
  ["Is the bicycle close to the bench?", "location_next_to"],
  ["Are the cup and the laptop near each other?", "location_next_to"],
  ["Is the dog behind the sofa?", "orientation_in_front_of"],
  ["Is the cat to the right of the dog?", "orientation_on_the_left"],
  ["Looking from the horse's point of view, is the man on the left?", "orientation_viewpoint"],
  [
    "From where the woman is standing and facing, is the bike on her right?",
    "orientation_viewpoint",
  ],
  [
    "Suppose I'm at the car and facing the bus; is the dog on my right?",
    "multi_object_viewpoint_towards_object",
  ],
  ["Which is nearer to the bench, the cat or the dog?", "multi_object_closer_to"],
  ["Is the bench closer to the dog than to the cat?", "multi_object_closer_to"],
  ["Do the two buses face the same direction?", "multi_object_same_direction"],
  ["Is the bus parallel with the truck?", "multi_object_parallel"],
  ["Is the woman facing the dog?", "multi_object_facing"],
  ["Is the cat looking toward the camera?", "multi_object_facing"],
  ["How far from the camera is the dog?", "distance_to_camera"],
  ["Roughly how far away is the bus in meters?", "distance_to_camera"],
  ["How many meters separate the dog and the cat?", "distance_between"],
  ["What's the distance from the bench to the tree-side car?", "distance_between"],
  ["How tall is that giraffe?", "object_height"],
  ["How wide is the bed in feet?", "object_width"],
  ["How long is the train?", "object_length"],
  ["How many chairs are in the room?", "count"],
  ["How many people can you count?", "count"],
  ["Is the horse larger than the dog?", "size_compare"],
  ["Which is shorter, the girl or the boy?", "size_compare"],
  ["Which dog is nearest to the camera?", "which_one"],
  ["Which chair is the smallest?", "which_one"],
  ["Is the cup more to the right than the laptop?", "image_left_right"],
  ["Which is more to the left in the image, the cat or the dog?", "image_left_right"],
  ["How far away is the red car?", "distance_to_camera"],
  ["Is the man in the white shirt taller than the woman?", "size_compare"],
  ["How tall is the lady next to the horse?", "object_height"],
  ["Is the dog on the sofa closer to the camera than the cat?", "location_closer_to_camera"],
  ["From the dog's perspective, is the ball in front of it?", "orientation_viewpoint"],
]; // deno-fmt-ignore

const OUT_OF_SCOPE = [
  "What colour is the dog?",
  "Why is the man running?",
  "Is the lamp next to the sofa?",
  "What is the dog thinking?",
  "How heavy is the car?",
  "Is the tree taller than the house?",
  "What time is it?",
  "How fast is the bus going?",
  "Who owns the bicycle?",
  "Is it raining?",
];

let right = 0;
for (const [q, want] of IN_SCOPE) {
  const r = parseQuestion(q);
  const got = r.ok ? r.query.category : `refused (${r.reason.slice(0, 80)}…)`;
  if (got === want) right++;
  else console.log(`✗ ${q}\n    want ${want}, got ${got}`);
}
let refused = 0;
for (const q of OUT_OF_SCOPE) {
  const r = parseQuestion(q);
  if (!r.ok) refused++;
  else console.log(`✗ answered out of scope: ${q} → ${r.query.category}`);
}
console.log(
  `in scope: ${right}/${IN_SCOPE.length} read as intended (${
    (100 * right / IN_SCOPE.length).toFixed(1)
  } %); out of scope: ${refused}/${OUT_OF_SCOPE.length} refused`,
);
