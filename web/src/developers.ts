// The developer-access calls (`/v1/api-keys`, `/v1/webhook-endpoints*`) of the /developers page.
import { api, ok, type Schemas } from "./api/client";

export type ApiKey = Schemas["ApiKey"];
export type ApiKeyCreated = Schemas["ApiKeyCreated"];
export type Scope = Schemas["Scope"];
export type Endpoint = Schemas["WebhookEndpoint"];
export type EndpointCreated = Schemas["CreatedWebhookEndpoint"];
export type Delivery = Schemas["WebhookDelivery"];
export type EventName = Schemas["EndpointRequest"]["events"][number];

export const SCOPES: Scope[] = ["generations:read", "generations:write", "library"];
export const EVENTS: EventName[] = [
  "generation.succeeded",
  "generation.failed",
  "generation.blocked",
  "generation.canceled",
  "workflow_run.completed",
];

const endpoint = (id: string) => ({ params: { path: { endpoint_id: id } } });

export const listKeys = async (): Promise<ApiKey[]> => (await ok(api.GET("/v1/api-keys"))).data;

export const createKey = (name: string, scopes: Scope[], expiresOn: string): Promise<ApiKeyCreated> =>
  ok(
    api.POST("/v1/api-keys", {
      body: { name, scopes, ...(expiresOn ? { expires_at: new Date(`${expiresOn}T23:59:59Z`).toISOString() } : {}) },
    }),
  );

export const revokeKey = async (id: string): Promise<void> => {
  await ok(api.DELETE("/v1/api-keys/{key_id}", { params: { path: { key_id: id } } }));
};

export const reauth = async (password: string): Promise<void> => {
  await ok(api.POST("/v1/auth/reauth", { body: { password } }));
};

export const listEndpoints = async (): Promise<Endpoint[]> =>
  (await ok(api.GET("/v1/webhook-endpoints"))).data;

export const createEndpoint = (url: string, events: EventName[], description: string): Promise<EndpointCreated> =>
  ok(api.POST("/v1/webhook-endpoints", { body: { url, events, description } }));

export const setEnabled = (id: string, enabled: boolean): Promise<Endpoint> =>
  ok(api.PATCH("/v1/webhook-endpoints/{endpoint_id}", { ...endpoint(id), body: { enabled } }));

export const deleteEndpoint = async (id: string): Promise<void> => {
  await ok(api.DELETE("/v1/webhook-endpoints/{endpoint_id}", endpoint(id)));
};

export const sendTest = async (id: string): Promise<void> => {
  await ok(api.POST("/v1/webhook-endpoints/{endpoint_id}/test", endpoint(id)));
};

export const listDeliveries = async (id: string): Promise<Delivery[]> =>
  (await ok(api.GET("/v1/webhook-endpoints/{endpoint_id}/deliveries", endpoint(id)))).data;

export const retryDelivery = async (id: string, deliveryId: string): Promise<void> => {
  const params = { path: { endpoint_id: id, delivery_id: deliveryId } };
  await ok(api.POST("/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry", { params }));
};
