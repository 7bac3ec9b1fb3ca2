/**
 * Generated from the OpenAPI document that buildApp serves (/api/v1/openapi.json).
 * Do not edit: run `npm run api:types`. A test fails when this file is out of date.
 */

export interface paths {
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tokens (never the secret)
         * @description **Permission:** admin (all tokens) or a user (their own)
         *
         *     **Permission:** admin (all tokens) or a user (their own)
         */
        get: {
            parameters: {
                query?: {
                    user?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Token"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Issue a token for a user; the token is shown in this response only
         * @description **Permission:** admin (for any user) or a user (for themselves)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        user: string;
                        /** @default api */
                        name?: string;
                        expiresAt?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            principalType: string;
                            principal: string;
                            createdBy: string;
                            createdAt: string;
                            expiresAt: string | null;
                            revokedAt: string | null;
                            /** @description the bearer token; store it now, it cannot be shown again */
                            token: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a token
         * @description **Permission:** admin, or the user the token belongs to
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["User"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a user
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        displayName?: string;
                        email?: string | null;
                        isAdmin?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a user and revoke their tokens
         * @description **Permission:** admin
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a user
         * @description **Permission:** admin
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        email?: string | null;
                        isAdmin?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List teams
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Team"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a team
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        title?: string;
                        /** @description user names; a write replaces the member list */
                        members?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a team
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a team (its role bindings go with it)
         * @description **Permission:** admin
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a team (title, members)
         * @description **Permission:** admin
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        /** @description user names; a write replaces the member list */
                        members?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List orgs (each names its parent)
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Org"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an org
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        title?: string;
                        parent?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Org"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an org
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Org"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an org without children or products
         * @description **Permission:** admin
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change an org (title, parent)
         * @description **Permission:** admin
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        parent?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Org"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List products
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    org?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Product"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a product
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        title?: string;
                        org: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a product
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a product no business names
         * @description **Permission:** admin
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a product (title, org)
         * @description **Permission:** admin
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        org?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List environments in display order
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Environment"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an environment
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        title?: string;
                        position?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Environment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an environment
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Environment"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an environment no app uses (built-ins stay)
         * @description **Permission:** admin
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change an environment (title, position)
         * @description **Permission:** admin
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        position?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Environment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List domains
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Domain"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a domain
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description lowercase letters in words joined by "-", 2–63 characters */
                        name: string;
                        title?: string;
                        description?: string;
                        /** @description people by role: `{ "owner": ["alice", "team:trade-dev"], "sre": [...] }` */
                        people?: {
                            owner?: string[];
                            developer?: string[];
                            sre?: string[];
                            qa?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Domain"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/domains/{domain}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a domain (old names resolve)
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    domain: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            title: string;
                            description: string;
                            people: {
                                owner?: string[];
                                developer?: string[];
                                sre?: string[];
                                qa?: string[];
                            };
                            businessCount: number;
                            appCount: number;
                            aliases: string[];
                            createdAt: string;
                            updatedAt: string;
                            /** @description the old key asked for, when reached through an alias */
                            requestedAs: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an empty domain
         * @description **Permission:** owner of the domain (admins always)
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    domain: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a domain
         * @description **Permission:** owner, developer or sre of the domain; people: owner (admins always)
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    domain: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        description?: string;
                        /** @description people by role: `{ "owner": ["alice", "team:trade-dev"], "sre": [...] }` */
                        people?: {
                            owner?: string[];
                            developer?: string[];
                            sre?: string[];
                            qa?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Domain"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/domains/{domain}/rename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rename a domain (every appid below changes; old ones keep resolving)
         * @description **Permission:** owner of the domain (admins always)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    domain: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description lowercase letters in words joined by "-", 2–63 characters */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Domain"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List businesses
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    domain?: string;
                    product?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Business"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a business
         * @description **Permission:** owner, developer or sre of the domain (admins always)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the domain this business belongs to */
                        domain: string;
                        /** @description lowercase letters in words joined by "-", 2–63 characters */
                        name: string;
                        /** @description the finance product this business belongs to */
                        product: string;
                        title?: string;
                        description?: string;
                        /** @description people by role: `{ "owner": ["alice", "team:trade-dev"], "sre": [...] }` */
                        people?: {
                            owner?: string[];
                            developer?: string[];
                            sre?: string[];
                            qa?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Business"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/businesses/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a business (old keys resolve)
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business`, or an old key */
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description `domain.business` */
                            key: string;
                            domain: string;
                            name: string;
                            title: string;
                            description: string;
                            product: string;
                            people: {
                                owner?: string[];
                                developer?: string[];
                                sre?: string[];
                                qa?: string[];
                            };
                            appCount: number;
                            aliases: string[];
                            createdAt: string;
                            updatedAt: string;
                            /** @description the old key asked for, when reached through an alias */
                            requestedAs: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a business without apps
         * @description **Permission:** owner of the business or its domain (admins always)
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business`, or an old key */
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a business
         * @description **Permission:** owner, developer or sre of the business or its domain; people: owner (admins always)
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business`, or an old key */
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        description?: string;
                        /** @description lowercase letters in words joined by "-", 2–63 characters */
                        product?: string;
                        /** @description people by role: `{ "owner": ["alice", "team:trade-dev"], "sre": [...] }` */
                        people?: {
                            owner?: string[];
                            developer?: string[];
                            sre?: string[];
                            qa?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Business"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/businesses/{key}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a business to another domain and/or rename it (appids below change; old ones keep resolving)
         * @description **Permission:** owner of the business or its domain, and owner, developer or sre of the target domain (admins always)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business`, or an old key */
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description target domain */
                        domain?: string;
                        /** @description new business name */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Business"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The whole business-line tree
         * @description Domains → businesses → apps with counts, in one response. `apps=false` leaves out the apps (counts only).
         *
         *     **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    apps?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BusinessLineTree"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List apps (keyset pagination by appid)
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: {
                    domain?: string;
                    /** @description `domain.business` */
                    business?: string;
                    /** @description substring of appid or title, case-insensitive */
                    q?: string;
                    /** @description `key=value`; repeat for AND */
                    label?: string | string[];
                    /** @description apps where this user (or one of their teams) has a role, directly or inherited */
                    person?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["App"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an app
         * @description **Permission:** owner, developer or sre of the business or its domain (admins always)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the business, as `domain.business` */
                        business: string;
                        /** @description lowercase letters in words joined by "-", 2–63 characters */
                        name: string;
                        title?: string;
                        description?: string;
                        /** @enum {string} */
                        type?: "web" | "service" | "job" | "data" | "other";
                        /**
                         * @description tier: L0 most critical … L3
                         * @enum {string}
                         */
                        level?: "L0" | "L1" | "L2" | "L3";
                        /**
                         * @description support coverage
                         * @enum {string}
                         */
                        assurance?: "7x24" | "5x8";
                        /** @enum {string} */
                        lifecycle?: "planning" | "developing" | "online" | "retired";
                        /** @description labels as key=value; a write replaces all labels */
                        labels?: {
                            [key: string]: string;
                        };
                        /** @description runtime per environment: ports and health check; a write replaces all environments */
                        runtime?: {
                            [key: string]: {
                                /** @default [] */
                                ports?: {
                                    name?: string;
                                    port: number;
                                    /** @enum {string} */
                                    protocol: "tcp" | "udp" | "http" | "https" | "grpc";
                                }[];
                                healthCheck?: {
                                    /** @enum {string} */
                                    protocol: "http" | "https" | "tcp" | "grpc";
                                    /** Format: starts_with */
                                    path?: string;
                                    port?: number;
                                };
                            };
                        };
                        /** @description people by role: `{ "owner": ["alice", "team:trade-dev"], "sre": [...] }` */
                        people?: {
                            owner?: string[];
                            developer?: string[];
                            sre?: string[];
                            qa?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["App"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps/{appid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an app by appid (old appids resolve, marked by `requestedAs`)
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business.app`, or an old appid */
                    appid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ResolvedApp"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an app
         * @description **Permission:** owner of the app or of its business or domain (admins always)
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business.app`, or an old appid */
                    appid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change an app
         * @description **Permission:** owner, developer or sre of the app or of its business or domain (admins always); changing people needs: owner of the app or of its business or domain (admins always)
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business.app`, or an old appid */
                    appid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        description?: string;
                        /** @enum {string} */
                        type?: "web" | "service" | "job" | "data" | "other";
                        /**
                         * @description tier: L0 most critical … L3
                         * @enum {string}
                         */
                        level?: "L0" | "L1" | "L2" | "L3";
                        /**
                         * @description support coverage
                         * @enum {string}
                         */
                        assurance?: "7x24" | "5x8";
                        /** @enum {string} */
                        lifecycle?: "planning" | "developing" | "online" | "retired";
                        /** @description labels as key=value; a write replaces all labels */
                        labels?: {
                            [key: string]: string;
                        };
                        /** @description runtime per environment: ports and health check; a write replaces all environments */
                        runtime?: {
                            [key: string]: {
                                /** @default [] */
                                ports?: {
                                    name?: string;
                                    port: number;
                                    /** @enum {string} */
                                    protocol: "tcp" | "udp" | "http" | "https" | "grpc";
                                }[];
                                healthCheck?: {
                                    /** @enum {string} */
                                    protocol: "http" | "https" | "tcp" | "grpc";
                                    /** Format: starts_with */
                                    path?: string;
                                    port?: number;
                                };
                            };
                        };
                        /** @description people by role: `{ "owner": ["alice", "team:trade-dev"], "sre": [...] }` */
                        people?: {
                            owner?: string[];
                            developer?: string[];
                            sre?: string[];
                            qa?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["App"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/apps/{appid}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an app to another business and/or rename it (the old appid keeps resolving)
         * @description **Permission:** owner of the app or of its business or domain (admins always), and owner, developer or sre of the target business
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description `domain.business.app`, or an old appid */
                    appid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description target business `domain.business` */
                        business?: string;
                        /** @description new app name */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["App"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first
         * @description **Permission:** any authenticated user (tenants see only their own actions)
         *
         *     **Permission:** any authenticated user (tenants see only their own actions)
         */
        get: {
            parameters: {
                query?: {
                    /** @description `<type>` or `<type>:<key>`, e.g. `app:pay.checkout.api`; follows renames */
                    entity?: string;
                    /** @description e.g. `user:alice` */
                    actor?: string;
                    /** @description ISO-8601 timestamp */
                    since?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AuditEntry"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tenants
         * @description **Permission:** admin (all tenants) or a tenant (itself)
         *
         *     **Permission:** admin (all tenants) or a tenant (itself)
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Tenant"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a tenant (resource provider); its first token is in the response, once
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        title?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tenant: components["schemas"]["Tenant"];
                            token: {
                                id: string;
                                name: string;
                                /** @description the tenant bearer token; shown only here */
                                token: string;
                                createdAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tenant
         * @description **Permission:** admin, or the tenant itself
         *
         *     **Permission:** admin, or the tenant itself
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Tenant"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{name}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue another token for a tenant (rotate: issue, switch, then revoke the old one)
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default rotated */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @description the tenant bearer token; shown only here */
                            token: string;
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resource-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List resource types and their capacity dimensions
         * @description **Permission:** any authenticated principal
         *
         *     **Permission:** any authenticated principal
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ResourceType"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a resource type owned by a tenant
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        tenant: string;
                        title?: string;
                        /** @description capacity dimensions, e.g. [{"name":"cpu","unit":"cores"}] */
                        dimensions?: {
                            name: string;
                            unit: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ResourceType"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search resources under a tree node (keyset pagination)
         * @description **Permission:** admin; the owning tenant; users with a role on an app the resource is attached to; each sees only those
         *
         *     **Permission:** admin; the owning tenant; users with a role on an app the resource is attached to; each sees only those
         */
        get: {
            parameters: {
                query?: {
                    /** @description domain, domain.business or appid: resources attached at or below it */
                    scope?: string;
                    type?: string;
                    env?: string;
                    tenant?: string;
                    /** @description `key=value`; repeat for AND */
                    label?: string | string[];
                    attached?: "true" | "false";
                    /** @description include deleted resources */
                    deleted?: "true" | "false";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Resource"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Register or update up to 10,000 resources (atomic per call; bad items rejected, the rest kept)
         * @description **Permission:** the tenant owning the resource type, or an admin (refusals are audited); items of other tenants' types are rejected one by one
         */
        put: {
            parameters: {
                query?: {
                    /** @description full: the call is the whole inventory of `type`; missing ones are deleted */
                    mode?: "merge" | "full";
                    /** @description required with mode=full */
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: {
                            type: string;
                            /** @description the provider's own id (URL-encode `/` in paths) */
                            externalId: string;
                            name?: string;
                            /** @description capacity per dimension of the type, e.g. {"cpu": 4, "memory": 16} */
                            capacity?: {
                                [key: string]: number;
                            };
                            /** @description free-form provider attributes (≤ 16 kB) */
                            attributes?: {
                                [key: string]: unknown;
                            };
                            /** @description labels as key=value; a write replaces all labels */
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description when given, the current attachments become exactly these */
                            attach?: {
                                appid: string;
                                env: string;
                                /** @description share of cost when the resource is shared (default 1) */
                                weight?: number;
                            }[];
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UpsertResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources/{type}/{externalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a resource with its current attachments
         * @description **Permission:** admin; the owning tenant; users with a role on an app the resource is attached to
         *
         *     **Permission:** admin; the owning tenant; users with a role on an app the resource is attached to
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    type: string;
                    /** @description the provider's own id (URL-encode `/` in paths) */
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Resource"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a resource (detached first; its history stays)
         * @description **Permission:** the tenant owning the resource type, or an admin (refusals are audited)
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    type: string;
                    /** @description the provider's own id (URL-encode `/` in paths) */
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources/{type}/{externalId}/attach": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach (挂树) a resource to an app in an environment
         * @description **Permission:** the tenant owning the resource type, or an admin (refusals are audited)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    type: string;
                    /** @description the provider's own id (URL-encode `/` in paths) */
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appid: string;
                        env: string;
                        /** @description share of cost when the resource is shared (default 1) */
                        weight?: number;
                        /** @description when it really happened (ISO-8601); not in the future, not before the previous change */
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Resource"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources/{type}/{externalId}/detach": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Detach (回收) a resource
         * @description **Permission:** the tenant owning the resource type, or an admin (refusals are audited)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    type: string;
                    /** @description the provider's own id (URL-encode `/` in paths) */
                    externalId: string;
                };
                cookie?: never;
            };
            /** @description detach from one app+env, from one app, or (no body) from everything */
            requestBody: {
                content: {
                    "application/json": {
                        appid?: string;
                        env?: string;
                        /** @description when it really happened (ISO-8601); not in the future, not before the previous change */
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Resource"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources/{type}/{externalId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Attachment history with validity intervals [attachedAt, detachedAt); `at=` answers who held it then
         * @description **Permission:** admin; the owning tenant; users with a role on an app the resource is attached to
         *
         *     **Permission:** admin; the owning tenant; users with a role on an app the resource is attached to
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO-8601: only the attachments valid at that instant */
                    at?: string;
                };
                header?: never;
                path: {
                    type: string;
                    /** @description the provider's own id (URL-encode `/` in paths) */
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            resource: string;
                            at?: string;
                            attachments: components["schemas"]["Attachment"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inventory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inventory statistics (统计): counts and capacity sums under a tree node
         * @description **Permission:** any authenticated principal; a tenant sees only its own types
         *
         *     **Permission:** any authenticated principal; a tenant sees only its own types
         */
        get: {
            parameters: {
                query?: {
                    /** @description domain, domain.business or appid */
                    scope?: string;
                    /** @description comma-separated: type, env, tenant, domain, business, app */
                    groupBy?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Inventory"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List batches, newest first (keyset pagination)
         * @description **Permission:** admin (any tenant's resources) or a tenant (only its own); users get 403; a tenant sees its own batches
         *
         *     **Permission:** admin (any tenant's resources) or a tenant (only its own); users get 403; a tenant sees its own batches
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["BatchHeader"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Run a batch operation (批量管理) on the resources under a tree node; dryRun lists exactly what it would change
         * @description Applying is atomic: any failing item refuses the whole batch (4xx naming the item) and nothing is written. Every audit row of the batch carries its id; one `batch.applied` event is emitted.
         *
         *     **Permission:** admin (any tenant's resources) or a tenant (only its own); users get 403; naming another tenant's type is refused (403, audited)
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description create | delete | configure | migrate the resources under a tree node */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description domain, domain.business or appid */
                        scope: string;
                        /** @description which resources attached under the scope the batch acts on (not for create) */
                        filter?: {
                            /** @description resource type */
                            type?: string;
                            /** @description only resources attached under the scope in this environment */
                            env?: string;
                            /** @description every label must match */
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description the owning tenant's name (a tenant matches only its own) */
                            tenant?: string;
                        };
                        /**
                         * @description list the changes without making them
                         * @default false
                         */
                        dryRun?: boolean;
                        /** @enum {string} */
                        action: "create";
                        params: {
                            items: {
                                type: string;
                                /** @description the provider's own id (URL-encode `/` in paths) */
                                externalId: string;
                                name?: string;
                                /** @description capacity per dimension of the type, e.g. {"cpu": 4, "memory": 16} */
                                capacity?: {
                                    [key: string]: number;
                                };
                                /** @description labels as key=value; a write replaces all labels */
                                labels?: {
                                    [key: string]: string;
                                };
                                /** @description free-form provider attributes (≤ 16 kB) */
                                attributes?: {
                                    [key: string]: unknown;
                                };
                                /** @description the app to attach to, under the scope (default: the scope, when it is an appid) */
                                appid?: string;
                                env: string;
                                /** @description share of cost when shared (default 1) */
                                weight?: number;
                            }[];
                        };
                    } | {
                        /** @description domain, domain.business or appid */
                        scope: string;
                        /** @description which resources attached under the scope the batch acts on (not for create) */
                        filter?: {
                            /** @description resource type */
                            type?: string;
                            /** @description only resources attached under the scope in this environment */
                            env?: string;
                            /** @description every label must match */
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description the owning tenant's name (a tenant matches only its own) */
                            tenant?: string;
                        };
                        /**
                         * @description list the changes without making them
                         * @default false
                         */
                        dryRun?: boolean;
                        /** @enum {string} */
                        action: "delete";
                        params?: Record<string, never>;
                    } | {
                        /** @description domain, domain.business or appid */
                        scope: string;
                        /** @description which resources attached under the scope the batch acts on (not for create) */
                        filter?: {
                            /** @description resource type */
                            type?: string;
                            /** @description only resources attached under the scope in this environment */
                            env?: string;
                            /** @description every label must match */
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description the owning tenant's name (a tenant matches only its own) */
                            tenant?: string;
                        };
                        /**
                         * @description list the changes without making them
                         * @default false
                         */
                        dryRun?: boolean;
                        /** @enum {string} */
                        action: "configure";
                        params: {
                            /** @description labels as key=value; a write replaces all labels */
                            setLabels?: {
                                [key: string]: string;
                            };
                            removeLabels?: string[];
                            /** @description free-form provider attributes (≤ 16 kB) */
                            setAttributes?: {
                                [key: string]: unknown;
                            };
                            removeAttributes?: string[];
                        };
                    } | {
                        /** @description domain, domain.business or appid */
                        scope: string;
                        /** @description which resources attached under the scope the batch acts on (not for create) */
                        filter?: {
                            /** @description resource type */
                            type?: string;
                            /** @description only resources attached under the scope in this environment */
                            env?: string;
                            /** @description every label must match */
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description the owning tenant's name (a tenant matches only its own) */
                            tenant?: string;
                        };
                        /**
                         * @description list the changes without making them
                         * @default false
                         */
                        dryRun?: boolean;
                        /** @enum {string} */
                        action: "migrate";
                        params: {
                            toAppid: string;
                            /** @description default: each attachment keeps its environment */
                            toEnv?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchResult"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a batch with every change it made
         * @description **Permission:** admin (any tenant's resources) or a tenant (only its own); users get 403; a tenant sees its own batches
         *
         *     **Permission:** admin (any tenant's resources) or a tenant (only its own); users get 403; a tenant sees its own batches
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batches/{id}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revert a batch, if nothing it touched has changed since (else 409 batch_stale naming what changed)
         * @description Restores the exact prior state atomically, audited under the revert’s own batch id; a batch is reverted at most once.
         *
         *     **Permission:** admin (any tenant's resources) or a tenant (only its own); users get 403; a tenant reverts its own batches
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description optional */
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description list what the revert would change without changing it
                         * @default false
                         */
                        dryRun?: boolean;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchResult"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Accepted bill lines, newest first, with how each was split over apps
         * @description **Permission:** a tenant (its own lines) or an admin
         *
         *     **Permission:** a tenant (its own lines) or an admin
         */
        get: {
            parameters: {
                query?: {
                    /** @description admins: one tenant */
                    tenant?: string;
                    /** @description the month the lines are booked in */
                    month?: string;
                    /** @description {type}/{externalId} */
                    resource?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["BillLine"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Push up to 50,000 bill lines (FOCUS columns); good lines are kept, the rest come back with a reason each
         * @description **Permission:** a tenant, for its own resources
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: components["schemas"]["BillLineInInput"][];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillPushResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bills/rejections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rejected bill lines, newest first, with the reason each was refused
         * @description **Permission:** a tenant (its own) or an admin
         *
         *     **Permission:** a tenant (its own) or an admin
         */
        get: {
            parameters: {
                query?: {
                    /** @description admins: one tenant */
                    tenant?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                tenant: string;
                                ingestId: string;
                                line: number;
                                billId: string | null;
                                code: string;
                                message: string;
                                createdAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/costs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Costs over a date range, grouped along either hierarchy, by environment, type, tenant, month or day
         * @description **Permission:** any authenticated principal; a tenant sees only its own costs
         *
         *     **Permission:** any authenticated principal; a tenant sees only its own costs
         */
        get: {
            parameters: {
                query?: {
                    /** @description first day, inclusive (YYYY-MM-DD, UTC); or use `month` */
                    from?: string;
                    /** @description end day, exclusive */
                    to?: string;
                    /** @description shorthand for from=<month>-01&to=<next month>-01 */
                    month?: string;
                    /** @description comma-separated: org, product, domain, business, app, env, type, tenant, month, day */
                    groupBy?: string;
                    /** @description domain, domain.business, appid, product:<name> or org:<name> */
                    scope?: string;
                    /** @description ISO 4217, e.g. CNY */
                    currency?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Costs"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/costs/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The month's cost at every node of the business (domain → business → app) or finance (org → product → business → app) tree
         * @description **Permission:** any authenticated principal; a tenant sees only its own costs
         *
         *     **Permission:** any authenticated principal; a tenant sees only its own costs
         */
        get: {
            parameters: {
                query: {
                    /** @description YYYY-MM (UTC) */
                    month: string;
                    hierarchy?: "business" | "finance";
                    /** @description default: the month's largest currency */
                    currency?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CostTree"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/statements/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The month's statement per product and business: frozen once closed, live before. JSON, or CSV with format=csv / Accept: text/csv
         * @description **Permission:** any authenticated user (not tenants)
         *
         *     **Permission:** any authenticated user (not tenants)
         */
        get: {
            parameters: {
                query?: {
                    product?: string;
                    /** @description or Accept: text/csv */
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    /** @description YYYY-MM (UTC) */
                    month: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Statement"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/statements/{month}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close (freeze) a month: its statement no longer changes; later lines for it must be corrections. Publishes statement.closed
         * @description **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description YYYY-MM (UTC) */
                    month: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Statement"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook subscriptions (without their secrets)
         * @description **Permission:** admin
         *
         *     **Permission:** admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Webhook"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Subscribe a URL to events; the signing secret is in the response, once
         * @description Each matching event is POSTed as `{ id, type, createdAt, data }` (`data`: the event payload) with headers `x-appmeta-event` (the type), `x-appmeta-delivery` (the delivery id) and `x-appmeta-signature: sha256=<hex>`, the HMAC-SHA256 of the exact body bytes keyed with the secret. A 2xx answer within 10 s delivers it; anything else is retried with exponential backoff (10 s doubling, at most 1 h apart) and marked `failed` after 20 attempts. Delivery is at least once (dedupe by `id`) and in order per subscription. Refused with 400 `invalid_webhook_url` (not http/https) or `invalid_event_pattern`.
         *
         *     **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description an absolute http:// or https:// URL */
                        url: string;
                        /** @description event types to receive: exact (`statement.closed`), a prefix wildcard (`resource.*`) or `*` for all */
                        events: string[];
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedWebhook"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook subscription
         * @description **Permission:** admin
         *
         *     **Permission:** admin
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Webhook"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a subscription and its delivery log
         * @description **Permission:** admin
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a subscription: url, events, description, or pause/resume it (`active`)
         * @description A paused subscription gets no deliveries for events that happen meanwhile; deliveries it had queued wait and go out once it is resumed.
         *
         *     **Permission:** admin
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description an absolute http:// or https:// URL */
                        url?: string;
                        /** @description event types to receive: exact (`statement.closed`), a prefix wildcard (`resource.*`) or `*` for all */
                        events?: string[];
                        description?: string;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Webhook"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subscription's delivery log, newest first
         * @description **Permission:** admin
         *
         *     **Permission:** admin
         */
        get: {
            parameters: {
                query?: {
                    /** @description only deliveries in this state */
                    status?: "pending" | "delivering" | "delivered" | "failed";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["WebhookDelivery"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again (also one that failed for good), with a fresh attempt budget
         * @description The delivery is queued at once in its place in the event order (so it goes out before later events still queued), with the same event `id` and body. 409 `delivery_in_progress` while an attempt is out.
         *
         *     **Permission:** admin
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bills/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a FOCUS CSV of any size (Content-Type: text/csv), streamed and booked in atomic chunks of 50,000 rows; the summed result. A CSV error stops the import: the chunks before it stay booked (re-sending is safe)
         * @description **Permission:** a tenant, for its own resources
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BillImportResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ErrorInput: {
            error: {
                code: string;
                message: string;
                details?: {
                    [key: string]: unknown;
                };
            };
            requestId: string;
        };
        AuditEntryInput: {
            id: string;
            at: string;
            /** @description `user:<name>`, `tenant:<name>` or `system` */
            actor: string;
            action: string;
            entityType: string;
            /** @description the entity key at the time (appid, name…) */
            entityKey: string;
            before: unknown;
            after: unknown;
            requestId: string | null;
            batchId: string | null;
        };
        TokenInput: {
            id: string;
            name: string;
            principalType: string;
            principal: string;
            createdBy: string;
            createdAt: string;
            expiresAt: string | null;
            revokedAt: string | null;
        };
        MeInput: {
            /** @enum {string} */
            kind: "user" | "tenant" | "system";
            name: string;
            isAdmin: boolean;
            teams: string[];
        };
        AppInput: {
            appid: string;
            domain: string;
            /** @description `domain.business` */
            business: string;
            name: string;
            title: string;
            description: string;
            type: string;
            level: string;
            assurance: string;
            lifecycle: string;
            product: string;
            org: string;
            labels: {
                [key: string]: string;
            };
            runtime: {
                [key: string]: {
                    ports: {
                        name?: string;
                        port: number;
                        /** @enum {string} */
                        protocol: "tcp" | "udp" | "http" | "https" | "grpc";
                    }[];
                    healthCheck?: {
                        /** @enum {string} */
                        protocol: "http" | "https" | "tcp" | "grpc";
                        /** Format: starts_with */
                        path?: string;
                        port?: number;
                    };
                };
            };
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            /** @description old appids that still lead here */
            aliases: string[];
            createdAt: string;
            updatedAt: string;
        };
        ResolvedAppInput: {
            appid: string;
            domain: string;
            /** @description `domain.business` */
            business: string;
            name: string;
            title: string;
            description: string;
            type: string;
            level: string;
            assurance: string;
            lifecycle: string;
            product: string;
            org: string;
            labels: {
                [key: string]: string;
            };
            runtime: {
                [key: string]: {
                    ports: {
                        name?: string;
                        port: number;
                        /** @enum {string} */
                        protocol: "tcp" | "udp" | "http" | "https" | "grpc";
                    }[];
                    healthCheck?: {
                        /** @enum {string} */
                        protocol: "http" | "https" | "tcp" | "grpc";
                        /** Format: starts_with */
                        path?: string;
                        port?: number;
                    };
                };
            };
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            /** @description old appids that still lead here */
            aliases: string[];
            createdAt: string;
            updatedAt: string;
            /** @description the old appid asked for, when reached through an alias */
            requestedAs: string | null;
        };
        DomainInput: {
            name: string;
            title: string;
            description: string;
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            businessCount: number;
            appCount: number;
            aliases: string[];
            createdAt: string;
            updatedAt: string;
        };
        BusinessInput: {
            /** @description `domain.business` */
            key: string;
            domain: string;
            name: string;
            title: string;
            description: string;
            product: string;
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            appCount: number;
            aliases: string[];
            createdAt: string;
            updatedAt: string;
        };
        BusinessLineTreeInput: {
            counts: {
                domains: number;
                businesses: number;
                apps: number;
            };
            domains: {
                name: string;
                title: string;
                businessCount: number;
                appCount: number;
                businesses: {
                    name: string;
                    title: string;
                    product: string;
                    appCount: number;
                    apps?: {
                        name: string;
                        title: string;
                        level: string;
                    }[];
                }[];
            }[];
        };
        UpsertResultInput: {
            created: number;
            updated: number;
            unchanged: number;
            deleted: number;
            attached: number;
            detached: number;
            rejected: {
                index: number;
                key: string;
                code: string;
                message: string;
            }[];
            importId: string;
        };
        AttachmentInput: {
            appid: string;
            env: string;
            weight: number;
            attachedAt: string;
            detachedAt: string | null;
        };
        ResourceInput: {
            /** @description `{type}/{externalId}` */
            key: string;
            type: string;
            externalId: string;
            tenant: string;
            name: string;
            capacity: {
                [key: string]: number;
            };
            attributes: {
                [key: string]: unknown;
            };
            labels: {
                [key: string]: string;
            };
            /** @enum {string} */
            status: "active" | "deleted";
            version: number;
            /** @description current attachments */
            attachments: components["schemas"]["AttachmentInput"][];
            createdAt: string;
            updatedAt: string;
            deletedAt: string | null;
        };
        InventoryInput: {
            scope: string | null;
            groups: {
                group: {
                    [key: string]: string;
                };
                resources: number;
                capacity: {
                    [key: string]: number;
                };
            }[];
            /** @description only without a scope */
            unattached: {
                type: string;
                resources: number;
            }[];
        };
        BatchResourceStateInput: {
            name: string;
            capacity: {
                [key: string]: number;
            };
            attributes: {
                [key: string]: unknown;
            };
            labels: {
                [key: string]: string;
            };
        };
        BatchAttachmentStateInput: {
            appid: string;
            env: string;
            weight: number;
        };
        BatchChangeInput: {
            /** @description `{type}/{externalId}` */
            resource: string;
            /** @enum {string} */
            op: "create" | "delete" | "configure" | "detach" | "attach" | "migrate";
            /** @description null for create (of a new resource) and attach */
            before: (components["schemas"]["BatchResourceStateInput"] | components["schemas"]["BatchAttachmentStateInput"]) | null;
            /** @description null for delete and detach */
            after: (components["schemas"]["BatchResourceStateInput"] | components["schemas"]["BatchAttachmentStateInput"]) | null;
        };
        BatchSummaryInput: {
            /** @description resources selected (create: items) */
            matched: number;
            /** @description resources changed */
            resources: number;
            create: number;
            delete: number;
            configure: number;
            detach: number;
            attach: number;
            migrate: number;
        };
        BatchResultInput: {
            /** @description the batch id; null for a dry run */
            id: string | null;
            dryRun: boolean;
            /** @enum {string} */
            action: "create" | "delete" | "configure" | "migrate" | "revert";
            scope: string;
            changes: components["schemas"]["BatchChangeInput"][];
            summary: components["schemas"]["BatchSummaryInput"];
        };
        BatchHeaderInput: {
            id: string;
            /** @enum {string} */
            action: "create" | "delete" | "configure" | "migrate" | "revert";
            scope: string;
            /** @description which resources attached under the scope the batch acts on (not for create) */
            filter: {
                /** @description resource type */
                type?: string;
                /** @description only resources attached under the scope in this environment */
                env?: string;
                /** @description every label must match */
                labels?: {
                    [key: string]: string;
                };
                /** @description the owning tenant's name (a tenant matches only its own) */
                tenant?: string;
            };
            params: {
                [key: string]: unknown;
            };
            actor: string;
            /** @description the tenant that ran it; null for an admin */
            tenant: string | null;
            /** @enum {string} */
            status: "applied" | "reverted";
            createdAt: string;
            revertedAt: string | null;
            revertedBy: string | null;
            /** @description the id of the revert batch that undid it */
            revertedIn: string | null;
            /** @description for a revert: the batch it undid */
            reverts: string | null;
            summary: components["schemas"]["BatchSummaryInput"];
        };
        BatchInput: {
            id: string;
            /** @enum {string} */
            action: "create" | "delete" | "configure" | "migrate" | "revert";
            scope: string;
            /** @description which resources attached under the scope the batch acts on (not for create) */
            filter: {
                /** @description resource type */
                type?: string;
                /** @description only resources attached under the scope in this environment */
                env?: string;
                /** @description every label must match */
                labels?: {
                    [key: string]: string;
                };
                /** @description the owning tenant's name (a tenant matches only its own) */
                tenant?: string;
            };
            params: {
                [key: string]: unknown;
            };
            actor: string;
            /** @description the tenant that ran it; null for an admin */
            tenant: string | null;
            /** @enum {string} */
            status: "applied" | "reverted";
            createdAt: string;
            revertedAt: string | null;
            revertedBy: string | null;
            /** @description the id of the revert batch that undid it */
            revertedIn: string | null;
            /** @description for a revert: the batch it undid */
            reverts: string | null;
            summary: components["schemas"]["BatchSummaryInput"];
            changes: components["schemas"]["BatchChangeInput"][];
        };
        /** @description One bill line: an object in FinOps FOCUS column names: BillId, ResourceId ({type}/{externalId}), ChargePeriodStart, ChargePeriodEnd, BilledCost (decimal string), BillingCurrency, and optionally EffectiveCost, ConsumedQuantity, ConsumedUnit, SkuId, ChargeCategory, ChargeClass ("Correction"), ChargeDescription; x_-prefixed columns are kept. */
        BillLineInInput: {
            [key: string]: string;
        };
        BillPushResultInput: {
            ingestId: string;
            accepted: number;
            /** @description lines whose BillId this tenant had already pushed: not counted again */
            duplicates: number;
            rejected: {
                /** @description 1-based position of the line in the call (CSV: data row) */
                line: number;
                billId: string | null;
                /** @description invalid_line, invalid_resource_id, invalid_period, invalid_amount, unknown_currency, resource_not_found, resource_not_owned, bill_id_conflict, month_closed */
                code: string;
                message: string;
            }[];
            /** @description columns neither read nor kept (only x_ columns are kept) */
            ignoredColumns: string[];
        };
        BillLineInput: {
            BillId: string;
            ResourceId: string;
            ChargePeriodStart: string;
            ChargePeriodEnd: string;
            /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
            BilledCost: string;
            BillingCurrency: string;
            EffectiveCost: string | null;
            ConsumedQuantity: string | null;
            ConsumedUnit: string | null;
            SkuId: string | null;
            ChargeCategory: string | null;
            ChargeClass: string | null;
            ChargeDescription: string | null;
            /** @description the x_ columns */
            extra: {
                [key: string]: string;
            };
            tenant: string;
            /** @description the day the line is booked on (its period start, or the arrival day of a correction for a closed month) */
            bookedDay: string;
            ingestId: string;
            createdAt: string;
            /** @description how the line was split over the apps that held the resource; the amounts add up to BilledCost */
            allocations: {
                /** @description null: unallocated */
                appid: string | null;
                env: string | null;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
        };
        CostsInput: {
            from: string;
            to: string;
            groupBy: string[];
            scope: string | null;
            rows: {
                /** @description one value per grouping; app/env null = unallocated */
                key: {
                    [key: string]: string | null;
                };
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
            totals: {
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
        };
        CostTreeNodeInput: {
            /** @description org, product, domain, business or app */
            kind: string;
            key: string;
            title: string;
            /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
            amount: string;
            children?: components["schemas"]["CostTreeNodeInput"][];
        };
        CostTreeInput: {
            month: string;
            hierarchy: string;
            currency: string | null;
            currencies: string[];
            /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
            amount: string;
            unallocated: {
                tenant: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
            /** @description cost of apps deleted after they were charged */
            deletedApps: string;
            children: components["schemas"]["CostTreeNodeInput"][];
        };
        StatementInput: {
            month: string;
            /**
             * @description open: computed live from the roll-ups; closed: frozen at close
             * @enum {string}
             */
            status: "open" | "closed";
            closedAt: string | null;
            closedBy: string | null;
            totals: {
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
            products: {
                product: string;
                title: string;
                org: string;
                totals: {
                    currency: string;
                    /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                    amount: string;
                }[];
            }[];
            lines: {
                /** @enum {string} */
                kind: "business" | "unallocated" | "deleted";
                product: string;
                productTitle: string;
                org: string;
                business: string;
                businessTitle: string;
                tenant: string;
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
        };
        BillImportResultInput: {
            /** @description data rows read (the header row is not counted) */
            rows: number;
            /** @description atomic calls of 50,000 rows each (the last one fewer) the file was booked in */
            chunks: number;
            /** @description one per chunk: the id of its audit row and of its stored rejections */
            ingestIds: string[];
            accepted: number;
            /** @description rows whose BillId this tenant had already pushed: not counted again */
            duplicates: number;
            /** @description the first 1000 rejections by row; all are stored (GET /api/v1/bills/rejections) */
            rejected: {
                /** @description the data row: 1 is the first row after the header */
                line: number;
                billId: string | null;
                code: string;
                message: string;
            }[];
            /** @description how many rows were rejected in all */
            rejectedCount: number;
            /** @description header columns neither read nor kept (only x_ columns are kept) */
            ignoredColumns: string[];
        };
        EnvironmentInput: {
            name: string;
            title: string;
            position: number;
            builtIn: boolean;
        };
        OrgInput: {
            name: string;
            title: string;
            parent: string | null;
            createdAt: string;
            updatedAt: string;
        };
        ProductInput: {
            name: string;
            title: string;
            org: string;
            createdAt: string;
            updatedAt: string;
        };
        UserInput: {
            name: string;
            displayName: string;
            email: string | null;
            isAdmin: boolean;
            createdAt: string;
            updatedAt: string;
        };
        TeamInput: {
            name: string;
            title: string;
            members: string[];
            createdAt: string;
            updatedAt: string;
        };
        TenantInput: {
            name: string;
            title: string;
            types: string[];
            createdAt: string;
            updatedAt: string;
        };
        ResourceTypeInput: {
            name: string;
            tenant: string;
            title: string;
            dimensions: {
                name: string;
                unit: string;
            }[];
            createdAt: string;
        };
        WebhookInput: {
            id: string;
            /** @description where events are POSTed */
            url: string;
            /** @description event type patterns: `statement.closed`, `resource.*`, `*` */
            events: string[];
            description: string;
            /** @description an inactive subscription gets no new deliveries and sends none it has queued */
            active: boolean;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
        };
        CreatedWebhookInput: {
            id: string;
            /** @description where events are POSTed */
            url: string;
            /** @description event type patterns: `statement.closed`, `resource.*`, `*` */
            events: string[];
            description: string;
            /** @description an inactive subscription gets no new deliveries and sends none it has queued */
            active: boolean;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
            /** @description the HMAC-SHA256 signing key for `x-appmeta-signature`; shown only in this response, so store it now */
            secret: string;
        };
        WebhookDeliveryInput: {
            /** @description also sent as `x-appmeta-delivery` */
            id: string;
            subscriptionId: string;
            /** @description the outbox event id, the `id` of the body */
            eventId: string;
            eventType: string;
            /**
             * @description `pending` (queued or waiting for a retry), `delivering` (an attempt is out), `delivered` (2xx), `failed` (gave up; redeliver by hand)
             * @enum {string}
             */
            status: "pending" | "delivering" | "delivered" | "failed";
            attempts: number;
            lastAttemptAt: string | null;
            /** @description HTTP status of the latest attempt; null if it got no answer */
            lastStatus: number | null;
            /** @description why the latest attempt failed: `HTTP 503`, `timed out after 10000 ms`, … */
            lastError: string | null;
            /** @description when it is tried next; null once delivered or failed */
            nextAttemptAt: string | null;
            deliveredAt: string | null;
            createdAt: string;
        };
        Error: {
            error: {
                code: string;
                message: string;
                details?: {
                    [key: string]: unknown;
                };
            };
            requestId: string;
        };
        AuditEntry: {
            id: string;
            at: string;
            /** @description `user:<name>`, `tenant:<name>` or `system` */
            actor: string;
            action: string;
            entityType: string;
            /** @description the entity key at the time (appid, name…) */
            entityKey: string;
            before: unknown;
            after: unknown;
            requestId: string | null;
            batchId: string | null;
        };
        Token: {
            id: string;
            name: string;
            principalType: string;
            principal: string;
            createdBy: string;
            createdAt: string;
            expiresAt: string | null;
            revokedAt: string | null;
        };
        Me: {
            /** @enum {string} */
            kind: "user" | "tenant" | "system";
            name: string;
            isAdmin: boolean;
            teams: string[];
        };
        App: {
            appid: string;
            domain: string;
            /** @description `domain.business` */
            business: string;
            name: string;
            title: string;
            description: string;
            type: string;
            level: string;
            assurance: string;
            lifecycle: string;
            product: string;
            org: string;
            labels: {
                [key: string]: string;
            };
            runtime: {
                [key: string]: {
                    ports: {
                        name?: string;
                        port: number;
                        /** @enum {string} */
                        protocol: "tcp" | "udp" | "http" | "https" | "grpc";
                    }[];
                    healthCheck?: {
                        /** @enum {string} */
                        protocol: "http" | "https" | "tcp" | "grpc";
                        /** Format: starts_with */
                        path?: string;
                        port?: number;
                    };
                };
            };
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            /** @description old appids that still lead here */
            aliases: string[];
            createdAt: string;
            updatedAt: string;
        };
        ResolvedApp: {
            appid: string;
            domain: string;
            /** @description `domain.business` */
            business: string;
            name: string;
            title: string;
            description: string;
            type: string;
            level: string;
            assurance: string;
            lifecycle: string;
            product: string;
            org: string;
            labels: {
                [key: string]: string;
            };
            runtime: {
                [key: string]: {
                    ports: {
                        name?: string;
                        port: number;
                        /** @enum {string} */
                        protocol: "tcp" | "udp" | "http" | "https" | "grpc";
                    }[];
                    healthCheck?: {
                        /** @enum {string} */
                        protocol: "http" | "https" | "tcp" | "grpc";
                        /** Format: starts_with */
                        path?: string;
                        port?: number;
                    };
                };
            };
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            /** @description old appids that still lead here */
            aliases: string[];
            createdAt: string;
            updatedAt: string;
            /** @description the old appid asked for, when reached through an alias */
            requestedAs: string | null;
        };
        Domain: {
            name: string;
            title: string;
            description: string;
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            businessCount: number;
            appCount: number;
            aliases: string[];
            createdAt: string;
            updatedAt: string;
        };
        Business: {
            /** @description `domain.business` */
            key: string;
            domain: string;
            name: string;
            title: string;
            description: string;
            product: string;
            people: {
                owner?: string[];
                developer?: string[];
                sre?: string[];
                qa?: string[];
            };
            appCount: number;
            aliases: string[];
            createdAt: string;
            updatedAt: string;
        };
        BusinessLineTree: {
            counts: {
                domains: number;
                businesses: number;
                apps: number;
            };
            domains: {
                name: string;
                title: string;
                businessCount: number;
                appCount: number;
                businesses: {
                    name: string;
                    title: string;
                    product: string;
                    appCount: number;
                    apps?: {
                        name: string;
                        title: string;
                        level: string;
                    }[];
                }[];
            }[];
        };
        UpsertResult: {
            created: number;
            updated: number;
            unchanged: number;
            deleted: number;
            attached: number;
            detached: number;
            rejected: {
                index: number;
                key: string;
                code: string;
                message: string;
            }[];
            importId: string;
        };
        Attachment: {
            appid: string;
            env: string;
            weight: number;
            attachedAt: string;
            detachedAt: string | null;
        };
        Resource: {
            /** @description `{type}/{externalId}` */
            key: string;
            type: string;
            externalId: string;
            tenant: string;
            name: string;
            capacity: {
                [key: string]: number;
            };
            attributes: {
                [key: string]: unknown;
            };
            labels: {
                [key: string]: string;
            };
            /** @enum {string} */
            status: "active" | "deleted";
            version: number;
            /** @description current attachments */
            attachments: components["schemas"]["Attachment"][];
            createdAt: string;
            updatedAt: string;
            deletedAt: string | null;
        };
        Inventory: {
            scope: string | null;
            groups: {
                group: {
                    [key: string]: string;
                };
                resources: number;
                capacity: {
                    [key: string]: number;
                };
            }[];
            /** @description only without a scope */
            unattached: {
                type: string;
                resources: number;
            }[];
        };
        BatchResourceState: {
            name: string;
            capacity: {
                [key: string]: number;
            };
            attributes: {
                [key: string]: unknown;
            };
            labels: {
                [key: string]: string;
            };
        };
        BatchAttachmentState: {
            appid: string;
            env: string;
            weight: number;
        };
        BatchChange: {
            /** @description `{type}/{externalId}` */
            resource: string;
            /** @enum {string} */
            op: "create" | "delete" | "configure" | "detach" | "attach" | "migrate";
            /** @description null for create (of a new resource) and attach */
            before: (components["schemas"]["BatchResourceState"] | components["schemas"]["BatchAttachmentState"]) | null;
            /** @description null for delete and detach */
            after: (components["schemas"]["BatchResourceState"] | components["schemas"]["BatchAttachmentState"]) | null;
        };
        BatchSummary: {
            /** @description resources selected (create: items) */
            matched: number;
            /** @description resources changed */
            resources: number;
            create: number;
            delete: number;
            configure: number;
            detach: number;
            attach: number;
            migrate: number;
        };
        BatchResult: {
            /** @description the batch id; null for a dry run */
            id: string | null;
            dryRun: boolean;
            /** @enum {string} */
            action: "create" | "delete" | "configure" | "migrate" | "revert";
            scope: string;
            changes: components["schemas"]["BatchChange"][];
            summary: components["schemas"]["BatchSummary"];
        };
        BatchHeader: {
            id: string;
            /** @enum {string} */
            action: "create" | "delete" | "configure" | "migrate" | "revert";
            scope: string;
            /** @description which resources attached under the scope the batch acts on (not for create) */
            filter: {
                /** @description resource type */
                type?: string;
                /** @description only resources attached under the scope in this environment */
                env?: string;
                /** @description every label must match */
                labels?: {
                    [key: string]: string;
                };
                /** @description the owning tenant's name (a tenant matches only its own) */
                tenant?: string;
            };
            params: {
                [key: string]: unknown;
            };
            actor: string;
            /** @description the tenant that ran it; null for an admin */
            tenant: string | null;
            /** @enum {string} */
            status: "applied" | "reverted";
            createdAt: string;
            revertedAt: string | null;
            revertedBy: string | null;
            /** @description the id of the revert batch that undid it */
            revertedIn: string | null;
            /** @description for a revert: the batch it undid */
            reverts: string | null;
            summary: components["schemas"]["BatchSummary"];
        };
        Batch: {
            id: string;
            /** @enum {string} */
            action: "create" | "delete" | "configure" | "migrate" | "revert";
            scope: string;
            /** @description which resources attached under the scope the batch acts on (not for create) */
            filter: {
                /** @description resource type */
                type?: string;
                /** @description only resources attached under the scope in this environment */
                env?: string;
                /** @description every label must match */
                labels?: {
                    [key: string]: string;
                };
                /** @description the owning tenant's name (a tenant matches only its own) */
                tenant?: string;
            };
            params: {
                [key: string]: unknown;
            };
            actor: string;
            /** @description the tenant that ran it; null for an admin */
            tenant: string | null;
            /** @enum {string} */
            status: "applied" | "reverted";
            createdAt: string;
            revertedAt: string | null;
            revertedBy: string | null;
            /** @description the id of the revert batch that undid it */
            revertedIn: string | null;
            /** @description for a revert: the batch it undid */
            reverts: string | null;
            summary: components["schemas"]["BatchSummary"];
            changes: components["schemas"]["BatchChange"][];
        };
        /** @description One bill line: an object in FinOps FOCUS column names: BillId, ResourceId ({type}/{externalId}), ChargePeriodStart, ChargePeriodEnd, BilledCost (decimal string), BillingCurrency, and optionally EffectiveCost, ConsumedQuantity, ConsumedUnit, SkuId, ChargeCategory, ChargeClass ("Correction"), ChargeDescription; x_-prefixed columns are kept. */
        BillLineIn: {
            [key: string]: string;
        };
        BillPushResult: {
            ingestId: string;
            accepted: number;
            /** @description lines whose BillId this tenant had already pushed: not counted again */
            duplicates: number;
            rejected: {
                /** @description 1-based position of the line in the call (CSV: data row) */
                line: number;
                billId: string | null;
                /** @description invalid_line, invalid_resource_id, invalid_period, invalid_amount, unknown_currency, resource_not_found, resource_not_owned, bill_id_conflict, month_closed */
                code: string;
                message: string;
            }[];
            /** @description columns neither read nor kept (only x_ columns are kept) */
            ignoredColumns: string[];
        };
        BillLine: {
            BillId: string;
            ResourceId: string;
            ChargePeriodStart: string;
            ChargePeriodEnd: string;
            /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
            BilledCost: string;
            BillingCurrency: string;
            EffectiveCost: string | null;
            ConsumedQuantity: string | null;
            ConsumedUnit: string | null;
            SkuId: string | null;
            ChargeCategory: string | null;
            ChargeClass: string | null;
            ChargeDescription: string | null;
            /** @description the x_ columns */
            extra: {
                [key: string]: string;
            };
            tenant: string;
            /** @description the day the line is booked on (its period start, or the arrival day of a correction for a closed month) */
            bookedDay: string;
            ingestId: string;
            createdAt: string;
            /** @description how the line was split over the apps that held the resource; the amounts add up to BilledCost */
            allocations: {
                /** @description null: unallocated */
                appid: string | null;
                env: string | null;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
        };
        Costs: {
            from: string;
            to: string;
            groupBy: string[];
            scope: string | null;
            rows: {
                /** @description one value per grouping; app/env null = unallocated */
                key: {
                    [key: string]: string | null;
                };
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
            totals: {
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
        };
        CostTreeNode: {
            /** @description org, product, domain, business or app */
            kind: string;
            key: string;
            title: string;
            /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
            amount: string;
            children?: components["schemas"]["CostTreeNode"][];
        };
        CostTree: {
            month: string;
            hierarchy: string;
            currency: string | null;
            currencies: string[];
            /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
            amount: string;
            unallocated: {
                tenant: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
            /** @description cost of apps deleted after they were charged */
            deletedApps: string;
            children: components["schemas"]["CostTreeNode"][];
        };
        Statement: {
            month: string;
            /**
             * @description open: computed live from the roll-ups; closed: frozen at close
             * @enum {string}
             */
            status: "open" | "closed";
            closedAt: string | null;
            closedBy: string | null;
            totals: {
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
            products: {
                product: string;
                title: string;
                org: string;
                totals: {
                    currency: string;
                    /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                    amount: string;
                }[];
            }[];
            lines: {
                /** @enum {string} */
                kind: "business" | "unallocated" | "deleted";
                product: string;
                productTitle: string;
                org: string;
                business: string;
                businessTitle: string;
                tenant: string;
                currency: string;
                /** @description exact decimal amount, e.g. "1234.50" (at most 6 fractional digits) */
                amount: string;
            }[];
        };
        BillImportResult: {
            /** @description data rows read (the header row is not counted) */
            rows: number;
            /** @description atomic calls of 50,000 rows each (the last one fewer) the file was booked in */
            chunks: number;
            /** @description one per chunk: the id of its audit row and of its stored rejections */
            ingestIds: string[];
            accepted: number;
            /** @description rows whose BillId this tenant had already pushed: not counted again */
            duplicates: number;
            /** @description the first 1000 rejections by row; all are stored (GET /api/v1/bills/rejections) */
            rejected: {
                /** @description the data row: 1 is the first row after the header */
                line: number;
                billId: string | null;
                code: string;
                message: string;
            }[];
            /** @description how many rows were rejected in all */
            rejectedCount: number;
            /** @description header columns neither read nor kept (only x_ columns are kept) */
            ignoredColumns: string[];
        };
        Environment: {
            name: string;
            title: string;
            position: number;
            builtIn: boolean;
        };
        Org: {
            name: string;
            title: string;
            parent: string | null;
            createdAt: string;
            updatedAt: string;
        };
        Product: {
            name: string;
            title: string;
            org: string;
            createdAt: string;
            updatedAt: string;
        };
        User: {
            name: string;
            displayName: string;
            email: string | null;
            isAdmin: boolean;
            createdAt: string;
            updatedAt: string;
        };
        Team: {
            name: string;
            title: string;
            members: string[];
            createdAt: string;
            updatedAt: string;
        };
        Tenant: {
            name: string;
            title: string;
            types: string[];
            createdAt: string;
            updatedAt: string;
        };
        ResourceType: {
            name: string;
            tenant: string;
            title: string;
            dimensions: {
                name: string;
                unit: string;
            }[];
            createdAt: string;
        };
        Webhook: {
            id: string;
            /** @description where events are POSTed */
            url: string;
            /** @description event type patterns: `statement.closed`, `resource.*`, `*` */
            events: string[];
            description: string;
            /** @description an inactive subscription gets no new deliveries and sends none it has queued */
            active: boolean;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
        };
        CreatedWebhook: {
            id: string;
            /** @description where events are POSTed */
            url: string;
            /** @description event type patterns: `statement.closed`, `resource.*`, `*` */
            events: string[];
            description: string;
            /** @description an inactive subscription gets no new deliveries and sends none it has queued */
            active: boolean;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
            /** @description the HMAC-SHA256 signing key for `x-appmeta-signature`; shown only in this response, so store it now */
            secret: string;
        };
        WebhookDelivery: {
            /** @description also sent as `x-appmeta-delivery` */
            id: string;
            subscriptionId: string;
            /** @description the outbox event id, the `id` of the body */
            eventId: string;
            eventType: string;
            /**
             * @description `pending` (queued or waiting for a retry), `delivering` (an attempt is out), `delivered` (2xx), `failed` (gave up; redeliver by hand)
             * @enum {string}
             */
            status: "pending" | "delivering" | "delivered" | "failed";
            attempts: number;
            lastAttemptAt: string | null;
            /** @description HTTP status of the latest attempt; null if it got no answer */
            lastStatus: number | null;
            /** @description why the latest attempt failed: `HTTP 503`, `timed out after 10000 ms`, … */
            lastError: string | null;
            /** @description when it is tried next; null once delivered or failed */
            nextAttemptAt: string | null;
            deliveredAt: string | null;
            createdAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
