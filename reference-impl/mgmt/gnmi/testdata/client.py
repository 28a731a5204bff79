#!/usr/bin/python3
"""A gNMI client in Python, built from gnmi.proto with grpc_tools at run time (not the project's
driver): Capabilities, Get of one path, then an ON_CHANGE Subscribe printing each update.
Usage: client.py PROTO_DIR OUT_DIR HOST:PORT CA_FILE USER GET_PATH SUB_PATH N_UPDATES
The password is read from the GNMI_PASSWORD environment variable, never from the command line.
Prints one JSON object per line: {"capabilities"...}, {"get"...}, {"synced": true}, {"update"...}."""
import json, os, re, sys

proto_dir, out_dir, target, ca_file, user, get_path, sub_path, n_updates = sys.argv[1:9]
from grpc_tools import protoc  # noqa: E402
if protoc.main(["protoc", "-I" + proto_dir, "--python_out=" + out_dir, "--grpc_python_out=" + out_dir, os.path.join(proto_dir, "gnmi.proto")]) != 0:
    sys.exit("protoc failed")
sys.path.insert(0, out_dir)
import grpc  # noqa: E402
import gnmi_pb2, gnmi_pb2_grpc  # noqa: E402


def path_of(text):
    elems = []
    for part in re.findall(r"[^/\[]+(?:\[[^\]]*\])*", text):
        name = part.split("[", 1)[0]
        keys = dict(re.findall(r"\[([^=\]]+)=([^\]]*)\]", part))
        elems.append(gnmi_pb2.PathElem(name=name, key=keys))
    return gnmi_pb2.Path(elem=elems)


def fmt(path):
    return "".join("/" + e.name + "".join("[%s=%s]" % (k, e.key[k]) for k in sorted(e.key)) for e in path.elem)


creds = grpc.ssl_channel_credentials(root_certificates=open(ca_file, "rb").read())
md = [("username", user), ("password", os.environ["GNMI_PASSWORD"])]
with grpc.secure_channel(target, creds) as ch:
    stub = gnmi_pb2_grpc.gNMIStub(ch)
    caps = stub.Capabilities(gnmi_pb2.CapabilityRequest(), metadata=md, timeout=10)
    print(json.dumps({"capabilities": {"version": caps.gNMI_version, "models": [m.name for m in caps.supported_models],
                                       "encodings": [gnmi_pb2.Encoding.Name(e) for e in caps.supported_encodings]}}), flush=True)
    r = stub.Get(gnmi_pb2.GetRequest(path=[path_of(get_path)], encoding=gnmi_pb2.JSON_IETF), metadata=md, timeout=10)
    ups = [{"path": fmt(u.path), "value": json.loads(u.val.json_ietf_val)} for n in r.notification for u in n.update]
    print(json.dumps({"get": ups}), flush=True)
    req = gnmi_pb2.SubscribeRequest(subscribe=gnmi_pb2.SubscriptionList(
        mode=gnmi_pb2.SubscriptionList.STREAM, encoding=gnmi_pb2.JSON_IETF,
        subscription=[gnmi_pb2.Subscription(path=path_of(sub_path), mode=gnmi_pb2.ON_CHANGE)]))
    seen = 0
    synced = False
    for resp in stub.Subscribe(iter([req]), metadata=md, timeout=20):
        if resp.sync_response:
            print(json.dumps({"synced": True}), flush=True)
            synced = True
            continue
        for u in resp.update.update:
            print(json.dumps({"update": {"path": fmt(u.path), "value": json.loads(u.val.json_ietf_val)}}), flush=True)
        seen += 1 if synced else 0
        if seen >= int(n_updates):
            break
