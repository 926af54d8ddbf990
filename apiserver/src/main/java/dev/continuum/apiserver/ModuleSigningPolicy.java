package dev.continuum.apiserver;

import dev.continuum.model.Application;
import dev.continuum.model.Component;
import dev.continuum.model.Instance;
import dev.continuum.model.ModuleSigning;
import dev.continuum.model.Namespace;
import dev.continuum.model.Resource;
import dev.continuum.security.CredentialException;
import dev.continuum.security.ModuleSignature;
import dev.continuum.store.ResourceStore;
import java.security.PublicKey;
import java.util.Map;

/**
 * Admission of modules by signature. A component's module may carry a signature in its object's
 * annotation {@code signature.continuum.dev/<component>}: {@code <key name>:<base64 Ed25519 signature
 * of the digest>}. A signature that is present must verify, by a key the namespace's Namespace
 * object trusts, over the component's pinned {@code digest}; when the namespace requires signatures,
 * every module must carry one (and container images, which cannot be signed yet, are refused).
 * Refusals are 403 naming the field and what to do. Applies to Applications and to Instances
 * written through the API. Thread-safe.
 */
final class ModuleSigningPolicy {

    private final ResourceStore store;

    ModuleSigningPolicy(ResourceStore store) {
        this.store = store;
    }

    void check(Resource resource) {
        switch (resource) {
            case Application a -> {
                for (int i = 0; i < a.spec().components().size(); i++) {
                    check(a, a.spec().components().get(i), "spec.components[" + i + "]");
                }
            }
            case Instance i -> {
                if (i.spec() != null && i.spec().template() != null) {
                    check(i, i.spec().template(), "spec.template");
                }
            }
            default -> {
                // Other kinds carry no modules.
            }
        }
    }

    private void check(Resource owner, Component component, String path) {
        if (component == null || component.name() == null) {
            return;
        }
        String namespace = owner.metadata().namespace();
        ModuleSigning signing = store.get(Namespace.class, null, namespace)
                .map(n -> n.spec().moduleSigningOrNone())
                .orElse(ModuleSigning.NONE);
        Map<String, String> annotations = owner.metadata().annotations();
        String annotation = ModuleSignature.annotation(component.name());
        String field = "metadata.annotations." + annotation;
        String text = annotations.get(annotation);
        if (component.module() == null) {
            if (signing.isRequired()) {
                throw ApiFailure.forbidden(
                        path + ".image",
                        path + ".image: namespace " + namespace + " requires signed modules, and container images"
                                + " cannot be signed yet; run a signed WebAssembly module instead");
            }
            return;
        }
        if (text == null) {
            if (signing.isRequired()) {
                throw ApiFailure.forbidden(
                        path + ".module",
                        path + ".module: namespace " + namespace + " requires signed modules, and component "
                                + component.name() + "'s module is unsigned; sign it with `continuum sign "
                                + "MODULE.wasm --key KEY` (apply then adds the signature) or set the annotation "
                                + annotation + ": <key>:<signature>");
            }
            return;
        }
        ModuleSignature signature;
        try {
            signature = ModuleSignature.parse(text);
        } catch (CredentialException e) {
            throw ApiFailure.forbidden(field, field + ": " + e.getMessage());
        }
        if (component.digest() == null) {
            throw ApiFailure.forbidden(
                    path + ".digest",
                    path + ".digest: component " + component.name() + "'s module is signed, so it must be pinned by"
                            + " digest (the signature covers the digest); add the digest `continuum sign` printed");
        }
        ModuleSigning.TrustedKey key = signing.key(signature.keyName())
                .orElseThrow(() -> ApiFailure.forbidden(
                        field,
                        field + ": component " + component.name() + "'s module is signed by key \""
                                + signature.keyName() + "\", which namespace " + namespace + " does not trust;"
                                + " add its public key to spec.moduleSigning.trustedKeys of Namespace "
                                + namespace));
        PublicKey publicKey;
        try {
            publicKey = ModuleSignature.parsePublicKey(key.publicKey());
        } catch (CredentialException e) {
            throw ApiFailure.forbidden(
                    field,
                    "the trusted key \"" + key.name() + "\" of Namespace " + namespace + " is unusable: "
                            + e.getMessage());
        }
        if (!signature.verifies(publicKey, component.digest())) {
            throw ApiFailure.forbidden(
                    field,
                    field + ": the signature by key \"" + signature.keyName() + "\" does not match component "
                            + component.name() + "'s digest " + component.digest() + " (the module was changed"
                            + " after signing, or signed with another key); sign the module again");
        }
    }
}
