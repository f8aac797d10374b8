/**
 * EPnP for a 3-D box seen in one image, as MediaPipe's Objectron decoder does it: the 8 box
 * corners are fixed combinations of 4 control points — the centre C0 and the centres of the
 * +x, +y (top) and +z (front) faces C1, C2, C3 — so corner (sx, sy, sz) ∈ {±1}³ is
 * (1 − sx − sy − sz)·C0 + sx·C1 + sy·C2 + sz·C3. Each corner's projection gives two linear
 * equations in the 12 control-point coordinates; the 16×12 system's least-squares null vector
 * (the eigenvector of MᵀM with the smallest eigenvalue) is the box up to scale, and the sign that
 * puts the centre in front of the camera is kept.
 *
 * Coordinates here are OpenCV camera axes (x right, y down, z forward); image points are
 * normalised: ((u − cx)/fx, (v − cy)/fy).
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import type { Vec3 } from "../core/vec.ts";

/** Corner order of the Objectron keypoints 1…8: x slowest, z fastest, − before +. */
export const CORNER_SIGNS: readonly Vec3[] = Array.from(
  { length: 8 },
  (_, k) => [(k & 4) ? 1 : -1, (k & 2) ? 1 : -1, (k & 1) ? 1 : -1],
);

/** Weights of the 4 control points for each corner (MediaPipe's epnp_alpha). */
export const EPNP_ALPHA: readonly number[][] = CORNER_SIGNS.map(([x, y, z]) => [
  1 - x - y - z,
  x,
  y,
  z,
]);

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p][q]) < 1e-300) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p];
          const mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq;
          m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k];
          const mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk;
          m[q][k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  // Columns of v are the eigenvectors.
  return {
    values: m.map((r, i) => r[i]),
    vectors: Array.from({ length: n }, (_, j) => v.map((r) => r[j])),
  };
}

/** The box from EPnP: control points (OpenCV axes, up to a common positive scale). */
export interface EpnpBox {
  /** C0 centre, C1 +x face, C2 +y face, C3 +z face. */
  controls: [Vec3, Vec3, Vec3, Vec3];
  /** Smallest eigenvalue over the next one: near 0 for a consistent box. */
  residual: number;
}

/** Solves for the control points from the 8 corners' normalised image points. */
export function solveBoxEpnp(corners: readonly [number, number][]): EpnpBox {
  if (corners.length !== 8 || corners.some((c) => !c.every(Number.isFinite))) {
    throw new InputError("corners", "EPnP needs 8 finite normalised image points");
  }
  const rows: number[][] = [];
  corners.forEach(([u, v], i) => {
    const rx = new Array(12).fill(0);
    const ry = new Array(12).fill(0);
    for (let j = 0; j < 4; j++) {
      const a = EPNP_ALPHA[i][j];
      rx[3 * j] = a;
      rx[3 * j + 2] = -a * u;
      ry[3 * j + 1] = a;
      ry[3 * j + 2] = -a * v;
    }
    rows.push(rx, ry);
  });
  const mtm = Array.from(
    { length: 12 },
    (_, i) => Array.from({ length: 12 }, (_, j) => rows.reduce((s, r) => s + r[i] * r[j], 0)),
  );
  const { values, vectors } = symmetricEigen(mtm);
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  let x = vectors[order[0]];
  if (x[2] < 0) x = x.map((e) => -e); // centre in front of the camera
  const c = (j: number): Vec3 => [x[3 * j], x[3 * j + 1], x[3 * j + 2]];
  return {
    controls: [c(0), c(1), c(2), c(3)],
    residual: values[order[0]] / Math.max(values[order[1]], 1e-300),
  };
}
