// The library's calls: favorites and collections (the Library section of API.md).
import { api, ok, type Schemas } from "./api/client";

export type Collection = Schemas["Collection"];

export async function setFavorite(generationId: string, favorite: boolean): Promise<void> {
  const params = { params: { path: { generation_id: generationId } } };
  await ok(favorite ? api.PUT("/v1/generations/{generation_id}/favorite", params) : api.DELETE("/v1/generations/{generation_id}/favorite", params));
}

/** The person's collections, newest first (the first 100; a person rarely keeps more). */
export async function listCollections(): Promise<Collection[]> {
  return (await ok(api.GET("/v1/collections", { params: { query: { limit: 100 } } }))).data;
}

export async function createCollection(name: string): Promise<Collection> {
  return ok(api.POST("/v1/collections", { body: { name } }));
}

export async function getCollection(id: string): Promise<Collection> {
  return ok(api.GET("/v1/collections/{collection_id}", { params: { path: { collection_id: id } } }));
}

export async function renameCollection(id: string, name: string): Promise<Collection> {
  return ok(api.PATCH("/v1/collections/{collection_id}", { params: { path: { collection_id: id } }, body: { name } }));
}

export async function deleteCollection(id: string): Promise<void> {
  await ok(api.DELETE("/v1/collections/{collection_id}", { params: { path: { collection_id: id } } }));
}

export async function setInCollection(collectionId: string, generationId: string, inside: boolean): Promise<void> {
  const params = { params: { path: { collection_id: collectionId, generation_id: generationId } } };
  await ok(inside ? api.PUT("/v1/collections/{collection_id}/items/{generation_id}", params) : api.DELETE("/v1/collections/{collection_id}/items/{generation_id}", params));
}

/** The stable link of a generation's thumbnail (a 302 to a fresh URL). */
export const thumbnailLink = (ref: { generation_id: string; index: number }) =>
  `/v1/generations/${ref.generation_id}/images/${ref.index}?variant=thumbnail`;
