#!/usr/bin/env python3
"""Writes the JSON schemas kubeconform validates deploy/k8s against, into this folder (README.md says which, from where).

  vendor.py kubernetes WHEEL VERSION NAME...   a Kubernetes kind's strict schema, made standalone, from the
                                               kubernetes-validate wheel: kubernetes/VERSION-standalone-strict/NAME.json
  vendor.py crd FILE VERSION                   one version of a CustomResourceDefinition's openAPIV3Schema:
                                               crds/<group>/<kind>_<version>.json

A CRD's schema is made strict as kubeconform's scripts/openapi2jsonschema.py does with DENY_ROOT_ADDITIONAL_PROPERTIES
(every object that lists properties, the root too, gets additionalProperties: false; format int-or-string becomes
string or integer), except an object marked x-kubernetes-preserve-unknown-fields, which keeps unknown fields as the API
server does. Descriptions are dropped from every schema: they validate nothing and are most of the bytes.
Needs PyYAML.
"""
import json
import os
import sys
import zipfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def without_descriptions(node, in_properties=False):
    """The schema without its description keywords (a property that is called "description" stays)."""
    if isinstance(node, dict):
        return {k: without_descriptions(v, k == "properties" and not in_properties)
                for k, v in node.items() if in_properties or k != "description"}
    if isinstance(node, list):
        return [without_descriptions(v) for v in node]
    return node


def strict(node, in_properties=False):
    if isinstance(node, dict):
        if not in_properties:
            if "properties" in node and "additionalProperties" not in node \
                    and not node.get("x-kubernetes-preserve-unknown-fields"):
                node["additionalProperties"] = False
            if node.get("format") == "int-or-string":
                node.clear()
                node["oneOf"] = [{"type": "string"}, {"type": "integer"}]
        for key, value in node.items():
            strict(value, key == "properties" and not in_properties)
    elif isinstance(node, list):
        for value in node:
            strict(value)
    return node


def write(path, schema):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump(schema, out, indent=1, sort_keys=True)
        out.write("\n")
    print("wrote", os.path.relpath(path, HERE))


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref.split("#/$defs/", 1)[1])
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)
    return found


def kubernetes(wheel, version, names):
    """The kind's schema with every definition it reaches copied into its own $defs: no reference leaves the file."""
    folder = "kubernetes_validate/kubernetes-json-schema/%s-local-strict/" % version
    with zipfile.ZipFile(wheel) as zipped:
        definitions = json.loads(zipped.read(folder + "_definitions.json"))["$defs"]
        for name in names:
            schema = json.loads(zipped.read(folder + name + ".json").decode().replace("/api/_definitions.json#", "#"))
            schema.pop("$id", None)
            needed, todo = set(), refs(schema, set())
            while todo:
                name_ = todo.pop()
                if name_ not in needed:
                    needed.add(name_)
                    todo |= refs(definitions[name_], set())
            schema["$defs"] = {n: definitions[n] for n in sorted(needed)}
            write(os.path.join(HERE, "kubernetes", version + "-standalone-strict", name + ".json"),
                  without_descriptions(schema))


def crd(file, version):
    with open(file) as f:
        definition = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition")
    spec = definition["spec"]
    schema = next(v for v in spec["versions"] if v["name"] == version)["schema"]["openAPIV3Schema"]
    name = "%s_%s.json" % (spec["names"]["kind"].lower(), version)
    write(os.path.join(HERE, "crds", spec["group"], name), strict(without_descriptions(schema)))


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "kubernetes":
        kubernetes(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 4 and sys.argv[1] == "crd":
        crd(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
