# What the cluster needs before `kubectl apply -k deploy/kubernetes`: the Flink Kubernetes Operator
# (with cert-manager for its admission webhook) and NVIDIA's device plugin, which makes the GPU
# nodes offer nvidia.com/gpu to Triton.

resource "helm_release" "cert_manager" {
  name             = "cert-manager"
  namespace        = "cert-manager"
  create_namespace = true
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  version          = var.cert_manager_version

  set {
    name  = "crds.enabled"
    value = "true"
  }
}

resource "helm_release" "flink_operator" {
  name             = "flink-kubernetes-operator"
  namespace        = "flink-operator"
  create_namespace = true
  repository       = "https://downloads.apache.org/flink/flink-kubernetes-operator-${var.operator_version}/"
  chart            = "flink-kubernetes-operator"
  version          = var.operator_version

  # Watch the namespace the jobs run in.
  set {
    name  = "watchNamespaces[0]"
    value = var.jobs_namespace
  }

  depends_on = [helm_release.cert_manager]
}

resource "helm_release" "nvidia_device_plugin" {
  name             = "nvidia-device-plugin"
  namespace        = "nvidia-device-plugin"
  create_namespace = true
  repository       = "https://nvidia.github.io/k8s-device-plugin"
  chart            = "nvidia-device-plugin"
  version          = var.device_plugin_version

  # Only on the GPU node group, whose taint it must tolerate.
  set {
    name  = "nodeSelector.tributary\\.dev/pool"
    value = "gpu"
  }
}
