#!/usr/bin/env python3
"""Lists the wire facts of Triton's published protocol: one line per RPC, message field and enum value.

PublishedProtocolTest compares published-protocol.txt (this script's output) with the same listing
made from the descriptors of this project's .proto files, so a name, number, type, label or oneof
that differs from Triton's fails the build. To regenerate, with Triton's grpc_service.proto and
model_config.proto (github.com/triton-inference-server/common, protobuf/) in one folder DIR, protoc
3.x, and protobuf's descriptor.proto in INCLUDE (e.g. unzipped from the protobuf-java jar):

  protoc -IDIR -IINCLUDE --include_imports -o /tmp/triton.pb DIR/grpc_service.proto
  protoc -IINCLUDE --decode=google.protobuf.FileDescriptorSet google/protobuf/descriptor.proto \
      < /tmp/triton.pb | python3 published_protocol.py "common@COMMIT" > published-protocol.txt

The optional argument names the source in the listing's first line.

Only the standard library: protoc's text output is parsed here.
"""
import sys


def parse(lines):
    """protoc's text format as nested lists of (key, value-or-children)."""
    stack = [[]]
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if line.endswith("{"):
            node = (line[:-1].strip(), [])
            stack[-1].append(node)
            stack.append(node[1])
        elif line == "}":
            stack.pop()
        else:
            key, value = line.split(":", 1)
            stack[-1].append((key.strip(), value.strip().strip('"')))
    return stack[0]


def first(node, key):
    return next((v for k, v in node if k == key), None)


def every(node, key):
    return [v for k, v in node if k == key]


def type_name(name):
    return name.lstrip(".")


def message(node, scope, out):
    name = scope + "." + first(node, "name")
    oneofs = [first(o, "name") for o in every(node, "oneof_decl")]
    for field in every(node, "field"):
        kind = first(field, "type")[len("TYPE_"):].lower()
        line = "field %s.%s %s %s %s" % (
            name,
            first(field, "name"),
            first(field, "number"),
            first(field, "label")[len("LABEL_"):].lower(),
            kind,
        )
        if kind in ("message", "enum"):
            line += " " + type_name(first(field, "type_name"))
        index = first(field, "oneof_index")
        if index is not None:
            line += " oneof " + oneofs[int(index)]
        out.append(line)
    for nested in every(node, "nested_type"):
        message(nested, name, out)
    for nested in every(node, "enum_type"):
        enum(nested, name, out)


def enum(node, scope, out):
    name = scope + "." + first(node, "name")
    for value in every(node, "value"):
        out.append("enum %s.%s %s" % (name, first(value, "name"), first(value, "number")))


def main():
    out = []
    for file in every(parse(sys.stdin), "file"):
        package = first(file, "package")
        if package != "inference":
            continue
        for node in every(file, "message_type"):
            message(node, package, out)
        for node in every(file, "enum_type"):
            enum(node, package, out)
        for service in every(file, "service"):
            for method in every(service, "method"):
                stream_in = "stream " if first(method, "client_streaming") == "true" else ""
                stream_out = "stream " if first(method, "server_streaming") == "true" else ""
                out.append("rpc %s.%s/%s %s%s -> %s%s" % (
                    package, first(service, "name"), first(method, "name"),
                    stream_in, type_name(first(method, "input_type")),
                    stream_out, type_name(first(method, "output_type"))))
    if len(sys.argv) > 1:
        print("# Triton's published protocol, %s, listed by published_protocol.py" % sys.argv[1])
    for line in sorted(out):
        print(line)


if __name__ == "__main__":
    main()
