"""The deploy step in an Azure ML job: read, score through and update a deployment over ARM.

The job's managed identity (the compute's, as Azure ML exposes it: IDENTITY_ENDPOINT with
IDENTITY_HEADER, or MSI_ENDPOINT with MSI_SECRET; DEFAULT_IDENTITY_CLIENT_ID picks a
user-assigned one) gets the ARM token; it needs rights on the workspace's online endpoints.
The workspace comes from the job's AZUREML_ARM_* variables. Only the standard library is used,
so any environment with pandas and scikit-learn can run it. Retries honour Retry-After; no
token or key is ever printed.
"""
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from held_out import StepError

API_VERSION = "2022-10-01"  # the version Sluice sends everything else with
CHUNK_ROWS = 500
RETRIES = 4
OPERATION_TIMEOUT_SECONDS = 3600


class ArmError(StepError):
    """An ARM or scoring call failed after its retries."""


def _retry_after(headers, attempt):
    value = headers.get("retry-after") if headers else None
    try:
        return min(float(value), 60.0)
    except (TypeError, ValueError):
        return min(2.0**attempt, 30.0)


def http(method, url, headers=None, body=None, timeout=120):
    """(status, headers, parsed JSON or None), retrying 429, 5xx and dropped connections."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    all_headers = {"content-type": "application/json", **(headers or {})}
    for attempt in range(RETRIES + 1):
        request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as res:
                text = res.read().decode("utf-8")
                return res.status, {k.lower(): v for k, v in res.headers.items()}, (json.loads(text) if text.strip() else None)
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            retry = e.code == 429 or e.code >= 500
            if not retry or attempt == RETRIES:
                try:
                    message = json.loads(text).get("error", {}).get("message") or text
                except ValueError:
                    message = text
                raise ArmError(f"{method} {urllib.parse.urlsplit(url).path} answered {e.code}: {message[:500]}") from None
            time.sleep(_retry_after({k.lower(): v for k, v in e.headers.items()}, attempt))
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            if attempt == RETRIES:
                raise ArmError(f"{method} {urllib.parse.urlsplit(url).netloc} failed: {getattr(e, 'reason', e)}") from None
            time.sleep(_retry_after(None, attempt))
    raise ArmError("unreachable")


def identity_token(resource):
    client_id = os.environ.get("DEFAULT_IDENTITY_CLIENT_ID")
    query = {"resource": resource}
    if client_id:
        query["client_id"] = client_id
    if os.environ.get("IDENTITY_ENDPOINT") and os.environ.get("IDENTITY_HEADER"):
        url = f"{os.environ['IDENTITY_ENDPOINT']}?{urllib.parse.urlencode({**query, 'api-version': '2019-08-01'})}"
        headers = {"X-IDENTITY-HEADER": os.environ["IDENTITY_HEADER"]}
    elif os.environ.get("MSI_ENDPOINT"):
        url = f"{os.environ['MSI_ENDPOINT']}?{urllib.parse.urlencode({**query, 'api-version': '2017-09-01'})}"
        headers = {"Secret": os.environ.get("MSI_SECRET", "")}
    else:
        raise SystemExit("error: the job has no managed identity to update the endpoint with: give the compute an identity allowed to write online endpoints")
    _, _, body = http("GET", url, headers)
    return body["access_token"]


class AzureTarget:
    def __init__(self, endpoint, deployment):
        env = os.environ
        self.arm = env.get("SLUICE_ARM_ENDPOINT", "https://management.azure.com").rstrip("/")
        self.workspace = (
            f"/subscriptions/{env['AZUREML_ARM_SUBSCRIPTION']}/resourceGroups/{env['AZUREML_ARM_RESOURCEGROUP']}"
            f"/providers/Microsoft.MachineLearningServices/workspaces/{env['AZUREML_ARM_WORKSPACE_NAME']}"
        )
        self.endpoint, self.deployment = endpoint, deployment
        self.token = identity_token(env.get("SLUICE_ARM_RESOURCE", "https://management.azure.com/"))
        self.absent_reason = ""
        self.current = None

    def _url(self, path):
        return f"{self.arm}{self.workspace}/onlineEndpoints/{self.endpoint}{path}?api-version={API_VERSION}"

    def _call(self, method, path, body=None):
        return http(method, self._url(path), {"authorization": f"Bearer {self.token}"}, body)

    def serving(self):
        """The deployment's model, or False (with absent_reason) when the deployment does not exist yet."""
        try:
            _, _, self.current = self._call("GET", f"/deployments/{self.deployment}")
        except ArmError as e:
            if " answered 404" not in str(e):
                raise
            self.absent_reason = "the deployment does not exist yet (sluice deploy creates it with the registered model)"
            return False
        match = re.search(r"/models/([^/]+)/versions/([^/]+)$", str(self.current.get("properties", {}).get("model", "")))
        return {"name": match.group(1), "version": match.group(2)} if match else None

    def predict_serving(self, serving, frame):
        _, _, endpoint = self._call("GET", "")
        props = endpoint.get("properties", {})
        if props.get("authMode", "Key").lower() == "key":
            _, _, keys = self._call("POST", "/listKeys")
            secret = keys["primaryKey"]
        else:
            _, _, token = self._call("POST", "/token")
            secret = token["accessToken"]
        headers = {"authorization": f"Bearer {secret}", "azureml-model-deployment": self.deployment}
        predictions = []
        for start in range(0, len(frame), CHUNK_ROWS):
            part = frame.iloc[start:start + CHUNK_ROWS]
            body = {"input_data": {"columns": list(map(str, part.columns)), "index": list(range(len(part))), "data": json.loads(part.to_json(orient="values"))}}
            _, _, answer = http("POST", props["scoringUri"], headers, body)
            if isinstance(answer, dict):
                answer = answer.get("predictions", answer.get("result"))
            if not isinstance(answer, list):
                raise ArmError("the scoring URI did not answer a list of predictions")
            predictions.extend(answer)
        return predictions

    def _wait(self, headers):
        operation = headers.get("azure-asyncoperation")
        deadline = time.time() + OPERATION_TIMEOUT_SECONDS
        while operation and time.time() < deadline:
            _, answer_headers, status = http("GET", operation, {"authorization": f"Bearer {self.token}"})
            state = (status or {}).get("status", "")
            if state == "Succeeded":
                return
            if state in ("Failed", "Canceled"):
                raise ArmError(((status or {}).get("error") or {}).get("message") or f"the update {state.lower()}")
            time.sleep(_retry_after(answer_headers, 1))
        if operation:
            raise ArmError("the update did not finish within an hour")

    def deploy(self, candidate, why):
        props = {k: v for k, v in self.current.get("properties", {}).items() if k not in ("provisioningState", "scoringUri", "swaggerUri")}
        props["model"] = f"{self.workspace}/models/{candidate['name']}/versions/{candidate['version']}"
        body = {"location": self.current.get("location"), "properties": props, "tags": self.current.get("tags") or {}}
        for key in ("sku", "kind", "identity"):
            if self.current.get(key):
                body[key] = self.current[key]
        _, headers, _ = self._call("PUT", f"/deployments/{self.deployment}", body)
        self._wait(headers)

    def record_kept(self, candidate, why):
        """Azure keeps no history of ours: the job's log line is the record."""
