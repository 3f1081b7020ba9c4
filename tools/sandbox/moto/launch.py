"""Starts moto's server for the kube-aws sandbox, shaped like the seed's AWS account.

Two things moto does not know out of the box, both set here before moto is imported:
  * us-west-1 has only the zones a and b in moto; the seed account's subnet is in us-west-1c.
    The zone list is a class attribute of moto's RegionsAndZonesBackend that every EC2 backend
    reads (CreateSubnet, RunInstances, DescribeAvailabilityZones), so we add the missing zones
    to it before any backend exists.
  * moto's ExecuteChangeSet applies the resources but never re-reads the template's Outputs (nor
    its Description): a stack made or updated through a change set has no outputs at all. The
    backend's execute_change_set is wrapped to rebuild them the way UpdateStack does.
  * moto builds a stack's resources inside CreateStack; when one fails, the call fails and the
    stack stays CREATE_IN_PROGRESS with no trace of which resource it was (and describing its
    resources makes moto try to create the rest again). The failing resource is recorded as a
    CREATE_FAILED stack event, so the pacing proxy can report it the way CloudFormation would.
  * moto ships no Flatcar AMIs. MOTO_AMIS_PATH (read once, at import of moto.ec2.models.amis)
    replaces moto's default AMIs with the JSON list written here; every region's EC2 backend
    loads the same list, so these AMIs (same ids) exist in all regions.

Usage: launch.py --host 127.0.0.1 --port 4567 --amis-file /path/flatcar-amis.json
"""

import argparse
import hashlib
import json
import os
import sys

# The Flatcar release each channel is on in the sandbox, newest first; the older stable release is
# there so "newest CreationDate wins" is something a lookup can get wrong.
FLATCAR_RELEASES = [
    ("stable", "4459.2.1", "2026-10-28T12:00:00.000Z"),
    ("stable", "4230.2.4", "2026-03-10T12:00:00.000Z"),
    ("beta", "4487.1.0", "2026-11-04T12:00:00.000Z"),
    ("alpha", "4515.0.0", "2026-11-18T12:00:00.000Z"),
    ("lts", "4081.3.6", "2026-09-15T12:00:00.000Z"),
]
# The account Flatcar publishes its AMIs from (Kinvolk / Microsoft).
FLATCAR_OWNER_ID = "075585003325"
# Zones the seed account has in us-west-1 (real accounts map a/b or b/c).
EXTRA_ZONES = {"us-west-1": [("us-west-1b", "usw1-az1"), ("us-west-1c", "usw1-az2")]}


def flatcar_amis():
    """Moto's MOTO_AMIS_PATH format (see moto.ec2.utils.gen_moto_amis), one entry per release and arch."""
    amis = []
    for channel, version, created in FLATCAR_RELEASES:
        for arch, suffix in (("x86_64", ""), ("arm64", "-arm64")):
            name = f"Flatcar-{channel}-{version}{suffix}-hvm"
            amis.append(
                {
                    # Stable ids, so a test or a demo log reads the same on every run.
                    "ami_id": "ami-" + hashlib.sha256(name.encode()).hexdigest()[:17],
                    "name": name,
                    "description": f"Flatcar Container Linux {channel} {version} ({arch}, HVM)",
                    "owner_id": FLATCAR_OWNER_ID,
                    "public": True,
                    "virtualization_type": "hvm",
                    "architecture": arch,
                    "state": "available",
                    "platform": None,
                    "image_type": "machine",
                    "hypervisor": "xen",
                    "root_device_name": "/dev/xvda",
                    "root_device_type": "ebs",
                    "sriov": "simple",
                    "creation_date": created,
                    "tags": {},
                }
            )
    return amis


def add_zones():
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend, Zone

    for region, zones in EXTRA_ZONES.items():
        known = RegionsAndZonesBackend.zones.setdefault(region, [])
        names = {z.name for z in known}
        for name, zone_id in zones:
            if name not in names:
                known.append(Zone(region_name=region, name=name, zone_id=zone_id))


def refresh_outputs_after_change_sets():
    from moto.cloudformation.models import CloudFormationBackend

    execute = CloudFormationBackend.execute_change_set

    def execute_change_set(self, change_set_name, stack_name=None):
        change_set = self.describe_change_set(change_set_name)
        execute(self, change_set_name, stack_name)
        stack = self.stacks.get(change_set.stack_id)
        if stack is not None:
            stack._parse_template()
            stack.output_map = stack._create_output_map()
            stack.description = stack.template_dict.get("Description")

    CloudFormationBackend.execute_change_set = execute_change_set


def record_failed_resources():
    import moto.cloudformation.parsing as parsing
    from moto.cloudformation.models import Event, cloudformation_backends

    create = parsing.parse_and_create_resource

    def parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name):
        try:
            return create(logical_id, resource_json, resources_map, account_id, region_name)
        except Exception as err:
            # Nested creates (a Ref to a resource not made yet) re-raise the same error: name the innermost.
            if getattr(err, "kube_aws_logical_id", None) is None:
                try:
                    err.kube_aws_logical_id = logical_id
                except AttributeError:
                    pass
                stack = cloudformation_backends[account_id][region_name].stacks.get(resources_map.stack_id)
                if stack is not None and stack.status == "CREATE_IN_PROGRESS" and not any(
                    e.resource_status == "CREATE_FAILED" for e in stack.events
                ):
                    code = getattr(err, "error_type", None) or type(err).__name__
                    message = getattr(err, "message", None) or str(err)
                    stack.events.append(
                        Event(
                            stack_id=stack.stack_id,
                            stack_name=stack.name,
                            logical_resource_id=logical_id,
                            physical_resource_id="",
                            resource_type=resource_json.get("Type", ""),
                            resource_status="CREATE_FAILED",
                            resource_status_reason=f"{code}: {message}",
                            resource_properties=None,
                        )
                    )
            raise

    parsing.parse_and_create_resource = parse_and_create_resource


def parameters_used_through_sub():
    """moto marks a resource modified on a parameter change only when it `Ref`s the parameter; a
    `${Param}` inside Fn::Sub (how the worker launch template's user data names its config digest)
    went unnoticed, so the launch template kept its first version. CloudFormation sees both."""
    import re

    import moto.cloudformation.parsing as parsing

    def sub_names(value):
        text = value[0] if isinstance(value, list) and value else value
        if not isinstance(text, str):
            return []
        return [m.split(".")[0] for m in re.findall(r"\$\{([^!}][^}]*)\}", text)]

    def get_references_from_template(template):
        found = []
        if isinstance(template, dict):
            for key, value in template.items():
                if key == "Ref":
                    found.append(value)
                elif key == "Fn::Sub":
                    found.extend(sub_names(value))
                found.extend(get_references_from_template(value) if key != "Ref" else [])
        elif isinstance(template, list):
            for item in template:
                found.extend(get_references_from_template(item))
        return found

    parsing.get_references_from_template = get_references_from_template

    # Seeing more parameter uses must not "modify" resources never created (a Condition was false):
    # moto would store None for them, and a later GetAtt would fail. They are created when next read.
    diff = parsing.ResourceMap.build_resource_diff

    def build_resource_diff(self, other_template, parameters=None):
        actions = diff(self, other_template, parameters)
        actions["Modify"] = [n for n in actions["Modify"] if self._parsed_resources.get(n) is not None]
        return actions

    parsing.ResourceMap.build_resource_diff = build_resource_diff


def one_request_at_a_time():
    """moto's server answers on many threads, and its CloudFormation creates resources lazily, when
    something first reads them: a DescribeStacks (outputs) during an ExecuteChangeSet made the
    controller instance a second time and failed with "IP already in use". CloudFormation's own
    bookkeeping is not thread-safe either, so requests take turns."""
    import threading

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    call = DomainDispatcherApplication.__call__
    lock = threading.Lock()

    def serialized(self, environ, start_response):
        with lock:
            # Materialise the body inside the lock: the backend's work may be deferred to iteration.
            return list(call(self, environ, start_response))

    DomainDispatcherApplication.__call__ = serialized


def kms_key_usage_default():
    """CreateKey without KeyUsage makes an ENCRYPT_DECRYPT key on AWS; moto stored None, so
    DescribeKey had no KeyUsage and kube-aws's pre-flight could not tell the key can encrypt."""
    from moto.kms.models import KmsBackend

    create = KmsBackend.create_key

    def create_key(self, policy, key_usage, key_spec, *args, **kwargs):
        return create(self, policy, key_usage or "ENCRYPT_DECRYPT", key_spec or "SYMMETRIC_DEFAULT", *args, **kwargs)

    KmsBackend.create_key = create_key


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--amis-file", required=True, help="where to write the Flatcar AMI list")
    args = parser.parse_args()

    with open(args.amis_file, "w", encoding="utf-8") as f:
        json.dump(flatcar_amis(), f, indent=1)
    os.environ["MOTO_AMIS_PATH"] = args.amis_file

    add_zones()
    refresh_outputs_after_change_sets()
    record_failed_resources()
    parameters_used_through_sub()
    one_request_at_a_time()
    kms_key_usage_default()
    from moto.server import main as moto_main

    print(f"moto (kube-aws sandbox) on http://{args.host}:{args.port}", flush=True)
    moto_main([f"--host={args.host}", f"--port={args.port}"])


if __name__ == "__main__":
    sys.exit(main())
