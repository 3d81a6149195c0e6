import { defineConfig } from "obsgen";

// The environment this build is for; `obsgen build --env staging` overrides it.
export default defineConfig({ environment: "production" });
